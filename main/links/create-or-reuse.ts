// createOrReuse: one open link per customer and purchase (quaderno-api.md: reuse a pending or
// abandoned session, never a completed one).
import type { LinkResult } from '../../preload/contract-links';
import { isConsoleError } from '../errors';
import { FINGERPRINT_KEY } from '../quaderno';
import { isReusedId } from '../store';
import { resolveItems, type ItemInput } from './catalogue';
import { OPEN_STATUSES, record, type LinksContext } from './context';
import { purchaseFingerprint } from './fingerprint';
import { withLease } from './lease';
import { mapQuadernoRefusal } from './quaderno-fields';
import { sessionRequest, type CustomerInput, type LinkOptions } from './session-request';
import type { Settings } from '../../preload/contract';

export type CreateInput = {
  customer: CustomerInput;
  items: ItemInput[];
  forceNew: boolean;
} & LinkOptions;

/**
 * How many of the newest sessions the remote fingerprint lookup reads (one page). A lost answer
 * is retried within minutes, so its session is among the newest; a full page of 100 doubled the
 * lookup's cost for no gain.
 */
export const REMOTE_LOOKUP_LIMIT = 50;

async function reuseLocal(
  ctx: LinksContext,
  fingerprint: string,
  changed: number[],
): Promise<LinkResult | null> {
  // Bounded: each pass retires one stale session; a handful is already unusual.
  for (let pass = 0; pass < 5; pass++) {
    const local = ctx.sessions.findOpenByFingerprint(ctx.accountId, fingerprint);
    if (!local) return null;
    let fresh;
    try {
      fresh = ctx.normalize(await ctx.client.getSession(local.id));
    } catch (e) {
      if (isConsoleError(e) && (e.code === 'not_found' || e.code === 'gone')) {
        ctx.sessions.setStatus(ctx.accountId, local.id, 'deleted');
        changed.push(local.id);
        continue;
      }
      throw e;
    }
    // Quaderno answered with another session under this id (a reset account or sandbox): the
    // stored link is not there to reuse, and stays as it is.
    if (isReusedId(local.permalink, fresh.permalink)) return null;
    const open = OPEN_STATUSES.includes(fresh.status);
    const link = record(ctx, fresh, open);
    changed.push(link.id);
    if (open) return ctx.result(link, true);
  }
  return null;
}

// The local database may not know a session Quaderno made (a crash before the write, or a
// create whose answer was lost): the fingerprint in its metadata finds it.
async function reuseRemote(
  ctx: LinksContext,
  fingerprint: string,
  settle: () => void,
): Promise<LinkResult | null> {
  const page = await ctx.client.listSessionsPage({ limit: REMOTE_LOOKUP_LIMIT });
  const match = page.items.find(
    (s) => OPEN_STATUSES.includes(s.status) && s.metadata?.[FINGERPRINT_KEY] === fingerprint,
  );
  if (!match) return null;
  return ctx.result(record(ctx, ctx.normalize(match), true, settle), true);
}

// Quaderno definitely did not make the session: nothing to look for on the next try.
const REFUSED = new Set([
  'invalid_input',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'gone',
  'rate_limited',
  'no_account',
]);

/** Whether a failed create may still have made a session on Quaderno's side. */
function mayHaveCreated(e: unknown): boolean {
  return !(isConsoleError(e) && REFUSED.has(e.code));
}

/**
 * The remote lookup costs a list call on every create, so it runs only when an earlier create
 * for this purchase is in doubt — its answer was lost, or its process died holding the lease —
 * or when this account has no local sessions at all (a lost or replaced database).
 */
function remoteLookupNeeded(ctx: LinksContext, doubtKey: string, inherited: boolean): boolean {
  if (inherited) return true;
  if (ctx.db.prepare('SELECT 1 FROM settings WHERE key = ?').pluck().get(doubtKey) !== undefined)
    return true;
  return (
    ctx.db
      .prepare('SELECT 1 FROM sessions WHERE account_id = ? LIMIT 1')
      .pluck()
      .get(ctx.accountId) === undefined
  );
}

export async function createOrReuse(
  ctx: LinksContext,
  input: CreateInput,
  defaults: Settings,
  emit: (ids: number[]) => void,
): Promise<LinkResult> {
  const items = await resolveItems(input.items, ctx.catalogue);
  const fingerprint = purchaseFingerprint(input.customer.email, items);
  const doubtKey = `doubt:link:${ctx.accountId}:${fingerprint}`;
  const changed: number[] = [];
  // Whatever answer arrives, the doubt about an earlier create is settled in the same commit.
  const settle = () => ctx.db.prepare('DELETE FROM settings WHERE key = ?').run(doubtKey);
  try {
    return await withLease(ctx.db, `lease:link:${ctx.accountId}:${fingerprint}`, async (lease) => {
      if (!input.forceNew) {
        const reused =
          (await reuseLocal(ctx, fingerprint, changed)) ??
          (remoteLookupNeeded(ctx, doubtKey, lease.inherited)
            ? await reuseRemote(ctx, fingerprint, settle)
            : null);
        if (reused) {
          changed.push(reused.link.id);
          return reused;
        }
      }
      const body = sessionRequest(input, items, defaults, fingerprint);
      const created = await ctx.client.createSession(body).catch((e: unknown) => {
        if (mayHaveCreated(e)) {
          ctx.db
            .prepare(
              'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
            )
            .run(doubtKey, JSON.stringify({ at: new Date().toISOString() }));
        }
        throw mapQuadernoRefusal(e);
      });
      const link = record(ctx, ctx.normalize(created), false, settle);
      changed.push(link.id);
      return ctx.result(link, false);
    });
  } finally {
    if (changed.length > 0) emit([...new Set(changed)]);
  }
}
