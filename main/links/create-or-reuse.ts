// createOrReuse: one open link per customer and purchase (docs/quaderno-api.md: reuse a pending or
// abandoned session, never a completed one).
import type { Link, LinkResult } from '../../preload/contract-links';
import { isConsoleError } from '../errors';
import {
  REQUEST_KEY,
  type NormalizedSession,
  type QuadernoSession,
  type SessionCreateInput,
} from '../quaderno';
import { isReusedId } from '../store';
import type { RequestAmountUnits } from './amounts';
import { resolveItems, type ItemInput, type ResolvedItem } from './catalogue';
import { createChecked, discardMispriced } from './checked-write';
import { OPEN_STATUSES, record, type LinksContext } from './context';
import { purchaseFingerprint, purchaseFingerprints } from './fingerprint';
import { mismatches, overridesOf } from './price-check';
import { mapQuadernoRefusal } from './quaderno-fields';
import { findOpenByFingerprint, findOpenByMetadata } from './remote-lookup';
import { sessionRequest, type CustomerInput, type LinkOptions } from './session-request';
import type { Settings } from '../../preload/contract';
import { linkLine } from '../sales';

export type CreateInput = {
  customer: CustomerInput;
  items: ItemInput[];
  forceNew: boolean;
  /** A fresh link's id across its tries (contract-links: linkCreateInput). */
  requestId?: string | undefined;
} & LinkOptions;

export { REMOTE_LOOKUP_LIMIT } from './remote-lookup';

/**
 * A session found for reuse that does not charge what was asked is never handed out; a pending
 * one is deleted (Quaderno deletes only pending sessions).
 */
async function mispriced(
  ctx: LinksContext,
  session: NormalizedSession,
  items: readonly ResolvedItem[],
): Promise<boolean> {
  const wrong = mismatches(session, overridesOf(items));
  if (wrong.length === 0) return false;
  if (session.status === 'pending') await discardMispriced(ctx, session, wrong);
  return true;
}

async function reuseLocal(
  ctx: LinksContext,
  fingerprints: readonly string[],
  items: readonly ResolvedItem[],
  changed: number[],
): Promise<LinkResult | null> {
  // Bounded: each pass retires one stale session; a handful is already unusual.
  for (let pass = 0; pass < 5; pass++) {
    const local = fingerprints
      .map((fp) => ctx.sessions.findOpenByFingerprint(ctx.accountId, fp))
      .find((found) => found !== undefined && found !== null);
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
    if (open && (await mispriced(ctx, fresh, items))) {
      changed.push(local.id);
      if (fresh.status === 'pending') continue;
      record(ctx, fresh);
      return null;
    }
    const link = record(ctx, fresh, open);
    changed.push(link.id);
    if (open) return ctx.result(link, true);
  }
  return null;
}

// The local database may not know a session Quaderno made (a crash before the write, or a
// create whose answer was lost): the fingerprint in its metadata finds it.
// A fresh link (forceNew) is looked for by its request id instead: never the customer's other
// open links, which its fingerprint would also find.
async function findRemote(
  ctx: LinksContext,
  found: Promise<QuadernoSession | null>,
  items: readonly ResolvedItem[],
  settle: () => void,
): Promise<Link | null> {
  const match = await found;
  if (!match) return null;
  const session = ctx.normalize(match);
  if (await mispriced(ctx, session, items)) return null;
  return record(ctx, session, true, settle);
}

async function reuseRemote(
  ctx: LinksContext,
  fingerprint: readonly string[],
  items: readonly ResolvedItem[],
  settle: () => void,
): Promise<LinkResult | null> {
  const link = await findRemote(ctx, findOpenByFingerprint(ctx.client, fingerprint), items, settle);
  return link && ctx.result(link, true);
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
  if (ctx.store.settings.has(doubtKey)) return true;
  return ctx.sessions.newestId(ctx.accountId) === null;
}

export async function createOrReuse(
  ctx: LinksContext,
  input: CreateInput,
  defaults: Settings,
  emit: (ids: number[]) => void,
): Promise<LinkResult> {
  const items = await resolveItems(input.items, ctx.catalogue);
  const fingerprints = purchaseFingerprints(input.customer.email, items);
  const fingerprint = fingerprints[0] ?? purchaseFingerprint(input.customer.email, items);
  const doubtKey = `doubt:link:${ctx.accountId}:${fingerprint}`;
  const changed: number[] = [];
  // Whatever answer arrives, the doubt about an earlier create is settled in the same commit.
  const settle = () => ctx.store.settings.set(doubtKey, undefined);
  try {
    const leaseKey = `lease:link:${ctx.accountId}:${fingerprint}`;
    return await ctx.store.leases.hold(leaseKey, async (lease) => {
      // A fresh link asked for again after a try that may have made it: that session.
      const made =
        input.forceNew && input.requestId && remoteLookupNeeded(ctx, doubtKey, lease.inherited)
          ? await findRemote(
              ctx,
              findOpenByMetadata(ctx.client, REQUEST_KEY, [input.requestId]),
              items,
              settle,
            )
          : null;
      if (!input.forceNew) {
        const reused =
          (await reuseLocal(ctx, fingerprints, items, changed)) ??
          (remoteLookupNeeded(ctx, doubtKey, lease.inherited)
            ? await reuseRemote(ctx, fingerprints, items, settle)
            : null);
        if (reused) {
          changed.push(reused.link.id);
          return reused;
        }
      }
      // In doubt from before the request until the session is recorded (settle, in the same
      // commit): an answer that arrives but cannot be read or recorded leaves the doubt, so the
      // next create for this purchase looks for the session Quaderno made. Only a definite
      // refusal lifts a doubt this create raised.
      const doubtedBefore = ctx.store.settings.has(doubtKey);
      const post = (body: SessionCreateInput) => {
        ctx.store.settings.set(doubtKey, { at: new Date().toISOString() });
        return ctx.client.createSession(body).catch((e: unknown) => {
          if (!mayHaveCreated(e) && !doubtedBefore) ctx.store.settings.set(doubtKey, undefined);
          throw mapQuadernoRefusal(e);
        });
      };
      const build = (units: RequestAmountUnits) =>
        sessionRequest(input, items, defaults, fingerprint, units);
      const link = made ?? (await createChecked(ctx, items, build, post, settle));
      ctx.log('link_created', linkLine(link, 'created'), { sessionId: link.id });
      changed.push(link.id);
      return ctx.result(link, false);
    });
  } finally {
    if (changed.length > 0) emit([...new Set(changed)]);
  }
}
