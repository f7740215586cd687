// checkout.failed / checkout.abandoned as Quaderno sends them name no session, only a contact and
// the product's description (docs/quaderno-api.md, Events). This finds the open links such an
// event may be about and logs it either way; link-recheck.ts then re-reads those links from the
// API, whose answer is what changes them.
import type { Repos } from '../store';
import { eventMeta, failureMessage, type EventBody } from './payload';
import { openLinksFor, type LinkRecheck } from './session-link';

function linkList(ids: number[], matched: number): string {
  const list = ids.join(', ');
  const more = matched > ids.length ? ` (the newest ${ids.length} of ${matched})` : '';
  return ids.length === 1 ? `link ${list}` : `links ${list}${more}`;
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
  const what = found
    ? `matched ${linkList(match.sessionIds, match.matched)}`
    : 'matched no open link';
  const unsigned = verified ? '' : ' (signature not verified)';
  activity.add(
    event.accountId,
    eventType === 'checkout.failed' ? 'checkout_failed' : 'checkout_abandoned',
    `${eventType}${unsigned} for ${email ?? 'a customer without an email'} ${what}${why ? ` (${why})` : ''}.`,
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
