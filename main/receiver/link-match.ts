// checkout.failed / checkout.abandoned as Quaderno sends them name no session, only a contact and
// the product's description (docs/quaderno-api.md, Events). This finds the open links such an
// event may be about and logs it either way; link-recheck.ts then re-reads those links from the
// API, whose answer is what changes them.
import { checkoutAbandonedLine, checkoutFailedLine, type CheckoutWords } from '../sales';
import { customerDisplayName } from '../../preload/customer-name';
import type { Repos } from '../store';
import { customerName, eventMeta, failureMessage, type EventBody } from './payload';
import { openLinksFor, type LinkRecheck } from './session-link';

/** How the event matched the customer's open links, said only when it is not simply one. */
function matchNote(shown: number, matched: number): string {
  if (matched === 0) return ' (no open link of theirs)';
  if (matched === 1) return '';
  return shown < matched
    ? ` (${matched} open links of theirs; the newest ${shown} are checked with Quaderno)`
    : ` (${matched} open links of theirs, checked with Quaderno)`;
}

export function isSessionlessCheckoutEvent(
  eventType: string | null,
  sessionId: number | null,
): eventType is LinkRecheck['eventType'] {
  return (eventType === 'checkout.failed' || eventType === 'checkout.abandoned') && !sessionId;
}

/**
 * Matches the event to open links and writes its activity line. `verified` false (the
 * signature did not match): the API's status alone may change a link, never the event's word.
 */
export function matchOpenLinks(
  repos: Pick<Repos, 'activity' | 'sessions'>,
  event: { id: number; accountId: number },
  body: EventBody,
  eventType: LinkRecheck['eventType'],
  verified: boolean,
): LinkRecheck | null {
  const { activity, sessions } = repos;
  const d = body.data?.object?.transaction_details ?? {};
  const email = eventMeta(body).email?.trim() || null;
  const who = { email, description: d.description ?? null, plan: d.plan ?? null };
  const match = openLinksFor(sessions, event.accountId, who);
  const why = eventType === 'checkout.failed' ? failureMessage(body) : null;
  const found = match.sessionIds.length > 0;
  // In the merchant's words (main/sales/activity-words.ts): who and what, the link ids stay in
  // the line's detail for the event dialog.
  const link = found ? sessions.get(event.accountId, match.sessionIds[0] ?? 0) : undefined;
  const words: CheckoutWords = {
    customerName: customerName(body) ?? (link ? customerDisplayName(link.customer) : null),
    customerEmail: email,
    products: link
      ? link.items.map((i) => ({ code: i.product, name: i.name, quantity: i.quantity }))
      : d.description
        ? [{ code: d.plan ?? '', name: d.description }]
        : [],
    reason: why,
  };
  const line =
    eventType === 'checkout.failed' ? checkoutFailedLine(words) : checkoutAbandonedLine(words);
  const unsigned = verified ? '' : ' (signature not verified)';
  activity.add(
    event.accountId,
    eventType === 'checkout.failed' ? 'checkout_failed' : 'checkout_abandoned',
    `${line}${matchNote(match.sessionIds.length, match.matched)}${unsigned}.`,
    { eventId: event.id, email, sessionIds: match.sessionIds, matched: match.matched, verified },
  );
  if (!found || !email) return null;
  return {
    accountId: event.accountId,
    eventId: event.id,
    eventType,
    email,
    sessionIds: match.sessionIds,
    unique: verified && match.matched === 1,
  };
}
