// createOrReuse: one open link per customer and purchase (quaderno-api.md: reuse a pending or
// abandoned session, never a completed one).
import type { LinkResult } from '../../preload/contract-links';
import { isConsoleError } from '../errors';
import { FINGERPRINT_KEY } from '../quaderno';
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
    const open = OPEN_STATUSES.includes(fresh.status);
    const link = record(ctx, fresh, open);
    changed.push(link.id);
    if (open) return ctx.result(link, true);
  }
  return null;
}

// The local database may not know a session Quaderno made (a crash before the write, or a
// create whose answer was lost): the fingerprint in its metadata finds it.
async function reuseRemote(ctx: LinksContext, fingerprint: string): Promise<LinkResult | null> {
  const page = await ctx.client.listSessionsPage({ limit: REMOTE_LOOKUP_LIMIT });
  const match = page.items.find(
    (s) => OPEN_STATUSES.includes(s.status) && s.metadata?.[FINGERPRINT_KEY] === fingerprint,
  );
  if (!match) return null;
  return ctx.result(record(ctx, ctx.normalize(match), true), true);
}

export async function createOrReuse(
  ctx: LinksContext,
  input: CreateInput,
  defaults: Settings,
  emit: (ids: number[]) => void,
): Promise<LinkResult> {
  const items = await resolveItems(input.items, ctx.catalogue);
  const fingerprint = purchaseFingerprint(input.customer.email, items);
  const changed: number[] = [];
  try {
    return await withLease(ctx.db, `lease:link:${ctx.accountId}:${fingerprint}`, async () => {
      if (!input.forceNew) {
        const reused =
          (await reuseLocal(ctx, fingerprint, changed)) ?? (await reuseRemote(ctx, fingerprint));
        if (reused) {
          changed.push(reused.link.id);
          return reused;
        }
      }
      const body = sessionRequest(input, items, defaults, fingerprint);
      const created = await ctx.client.createSession(body).catch((e: unknown) => {
        throw mapQuadernoRefusal(e);
      });
      const link = record(ctx, ctx.normalize(created));
      changed.push(link.id);
      return ctx.result(link, false);
    });
  } finally {
    if (changed.length > 0) emit([...new Set(changed)]);
  }
}
