// Real deliveries have been reported not to match the documented signature. An event that
// fails the check but names a session is confirmed through the API (completed, same email)
// before it may become a sale, marked "confirmed via API" with a signature warning.
import { saleProducts } from '../../preload/contract-live';
import { ConsoleError } from '../errors';
import type { Repos } from '../store';
import { processEvent, type ProcessResult } from './process';
import type { ConfirmedSession, ReceiverOptions } from './types';

export interface Quarantined {
  accountId: number;
  eventId: number;
  eventType: string | null;
  sessionId: number | null;
  email: string | null;
  reason: string;
}

/**
 * What the API said: `unknown` (no such session, or not paid) is not asked again for a while;
 * `skipped` means nothing was asked.
 */
export type Verdict = 'confirmed' | 'unknown' | 'mismatch' | 'failed' | 'skipped';

const sameEmail = (a: string | null, b: string): boolean =>
  a !== null && a.trim().toLowerCase() === b.trim().toLowerCase() && b.trim() !== '';

export async function confirmQuarantined(
  repos: Repos,
  q: Quarantined,
  confirm: NonNullable<ReceiverOptions['confirm']>,
  signal: AbortSignal,
): Promise<{ verdict: Verdict; result: ProcessResult | null }> {
  const skipped = { verdict: 'skipped' as const, result: null };
  if (q.eventType !== 'checkout.succeeded' || q.sessionId === null) return skipped;
  const { activity, fulfillments, events } = repos;
  if (fulfillments.bySession(q.accountId, q.sessionId)) return skipped;
  let session: ConfirmedSession | null;
  try {
    session = await confirm(q.accountId, q.sessionId, signal);
  } catch (e) {
    if (!repos.isOpen()) return skipped;
    if (e instanceof ConsoleError && e.code === 'not_found') session = null;
    else return unconfirmed(e);
  }
  if (!repos.isOpen() || signal.aborted) return skipped;
  if (!session || session.status !== 'completed' || !sameEmail(q.email, session.customer.email)) {
    activity.add(
      q.accountId,
      'signature_rejected',
      `Refused an event with a bad signature: Quaderno does not show session ${q.sessionId} as paid by ${q.email ?? 'that customer'}.`,
      { eventId: q.eventId, sessionId: q.sessionId, reason: q.reason },
    );
    const paid = session?.status === 'completed';
    return { verdict: paid ? 'mismatch' : 'unknown', result: null };
  }
  if (!events.confirm(q.eventId)) return skipped;
  const result = processEvent(repos, q.accountId, q.eventId, {
    email: session.customer.email,
    total: session.total,
    currency: session.currency,
    permalink: session.permalink,
    products: saleProducts(session.items),
  });
  activity.add(
    q.accountId,
    'signature_warning',
    `A sale for session ${q.sessionId} arrived with a signature that did not match; Quaderno confirmed it, so it was recorded. Check the webhook's auth key.`,
    { eventId: q.eventId, sessionId: q.sessionId, reason: q.reason },
  );
  return { verdict: 'confirmed', result };

  function unconfirmed(e: unknown): { verdict: Verdict; result: null } {
    activity.add(
      q.accountId,
      'signature_unconfirmed',
      `A sale for session ${q.sessionId} had a bad signature and could not be checked with Quaderno (${e instanceof Error ? e.message : String(e)}). The next sync will pick it up if it is real.`,
      { eventId: q.eventId, sessionId: q.sessionId, reason: q.reason },
    );
    return { verdict: 'failed', result: null };
  }
}
