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

/**
 * Why a badly signed sale was not recorded, in what Quaderno actually showed: a paid session
 * whose customer email is blank or another's was called "not paid", and the merchant went
 * looking for a payment that had gone through.
 */
function whatQuadernoShows(q: Quarantined, session: ConfirmedSession | null): string {
  if (!session) return `Quaderno has no session ${q.sessionId}.`;
  if (session.status !== 'completed') {
    return `Quaderno shows session ${q.sessionId} as ${session.status}, not paid.`;
  }
  const claimed = q.email?.trim() ? q.email : null;
  const paidBy = session.customer.email.trim();
  if (!paidBy) {
    return `Quaderno shows session ${q.sessionId} as paid, but with no customer email to match the event's (${claimed ?? 'none'}). Sync records the sale from Quaderno's own record.`;
  }
  if (!claimed) {
    return `Quaderno shows session ${q.sessionId} as paid by ${paidBy}, but the event names no customer email. Sync records the sale from Quaderno's own record.`;
  }
  return `Quaderno shows session ${q.sessionId} as paid by ${paidBy}, not by ${claimed} as the event says.`;
}

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
    // 404 and 410 are Quaderno's answer (no such session), not a check that failed.
    if (e instanceof ConsoleError && (e.code === 'not_found' || e.code === 'gone')) session = null;
    else return unconfirmed(e);
  }
  if (!repos.isOpen() || signal.aborted) return skipped;
  if (!session || session.status !== 'completed' || !sameEmail(q.email, session.customer.email)) {
    activity.add(
      q.accountId,
      'signature_rejected',
      `Refused an event with a bad signature: ${whatQuadernoShows(q, session)}`,
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
