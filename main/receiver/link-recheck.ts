// Re-reads from the API the open links a checkout.failed / checkout.abandoned event matched by
// email (those events name no session), one GET each, and updates their status from the answer.
// Bounded like the confirmations: MAX_LINKS_PER_EVENT links per event, a session asked once at
// a time, a fixed share of the account's rate limit, and abortable at close.
import type { Repos } from '../store';
import type { SessionStatus } from '../../preload/contract-links';
import { ConsoleError } from '../errors';
import { createRateBudget } from './budgets';
import type { Quarantined } from './confirm';
import { isSessionlessCheckoutEvent, matchOpenLinks } from './link-match';
import { parseEventBody } from './payload';
import {
  MAX_LINKS_PER_EVENT,
  sessionCustomerName,
  setSessionStatus,
  type LinkRecheck,
  type WebhookSessionStatus,
} from './session-link';
import type { ConfirmedSession, ReceiverOptions } from './types';
import { settleWithin } from './settle';

/** Re-reads per account in any 60 s: with the confirmations, a fifth of Quaderno's limit. */
export const DEFAULT_RECHECKS_PER_MINUTE = 10;
/** Unverified events looked into per account in any 60 s: anyone can send those. */
const UNVERIFIED_PER_MINUTE = 5;
const CLOSE_WAIT_MS = 2_000;

export interface LinkRechecks {
  recheckLater(r: LinkRecheck): void;
  /**
   * A quarantined checkout.failed / checkout.abandoned without a session id: matched like a
   * verified one, but only the API's answer may change a link.
   */
  fromQuarantined(q: Quarantined): void;
  /** Aborts running re-reads and waits CLOSE_WAIT_MS for them at most. */
  close(): Promise<void>;
}

// Quaderno's own verdict wins; a link it still shows open takes the event's status only when
// the event matched that one link alone (docs/quaderno-api.md, Lifecycle: a failed payment may
// show as pending until verified). 'completed' is left to the sale path: sync records the sale.
function nextStatus(api: SessionStatus, r: LinkRecheck): WebhookSessionStatus | null {
  if (api === 'failed' || api === 'abandoned') return api;
  if ((api === 'pending' || api === 'processing') && r.unique) {
    return r.eventType === 'checkout.failed' ? 'failed' : 'abandoned';
  }
  return null;
}

const reported = (r: LinkRecheck) =>
  r.eventType === 'checkout.failed' ? 'failed payment' : 'abandoned checkout';

// Why a re-read left the link as it was, in the merchant's words: a paid link is "paid", not
// "still completed", and "still" only when the console showed that status already.
function unchanged(
  r: LinkRecheck,
  link: string,
  api: SessionStatus,
  next: WebhookSessionStatus | null,
  before: SessionStatus | undefined,
): string {
  const what = reported(r);
  if (api === 'completed') {
    return `Quaderno shows ${link} as paid, so the ${what} reported does not change it; the sale is recorded from its own webhook or the next catch-up.`;
  }
  if (next === null) {
    const still = before === api ? 'still ' : '';
    return `Quaderno ${still}shows ${link} as ${api}, so the ${what} reported does not change it.`;
  }
  if (before === 'completed' || before === 'deleted') {
    const here = before === 'completed' ? 'paid' : 'deleted';
    return `Quaderno shows ${link} as ${api}, but it stays ${here} here: a ${here} link does not move back.`;
  }
  return `Quaderno shows ${link} as ${api}, as the console already did.`;
}

export function createLinkRechecks(deps: {
  repos: Repos;
  getSession: ReceiverOptions['confirm'];
  perMinute?: number;
  onSessionStatus?(accountId: number, sessionIds: number[]): void;
}): LinkRechecks {
  const { repos, getSession } = deps;
  const budget = createRateBudget(deps.perMinute ?? DEFAULT_RECHECKS_PER_MINUTE);
  const unverified = createRateBudget(UNVERIFIED_PER_MINUTE);
  const inFlight = new Set<string>();
  const pending = new Set<Promise<unknown>>();
  const stopping = new AbortController();

  function note(r: LinkRecheck, sessionId: number, message: string, status?: string): void {
    if (!repos.isOpen()) return;
    repos.activity.add(r.accountId, 'link_rechecked', message, {
      eventId: r.eventId,
      sessionId,
      ...(status ? { status } : {}),
    });
  }

  // Activity lines name the customer as the merchant knows them, never the session id or the
  // event's type (issue 17); both stay in the line's detail.
  const who = (r: LinkRecheck, sessionId: number) =>
    sessionCustomerName(repos.sessions, r.accountId, sessionId) ?? r.email;

  function gone(r: LinkRecheck, sessionId: number): false {
    const message = `Quaderno no longer has the link for ${who(r, sessionId)}; it is left as it was.`;
    note(r, sessionId, message);
    return false;
  }

  async function recheckOne(r: LinkRecheck, sessionId: number): Promise<boolean> {
    const key = `${r.accountId}:${sessionId}`;
    if (!getSession || inFlight.has(key)) return false;
    if (!budget.take(r.accountId)) {
      note(
        r,
        sessionId,
        `The link for ${who(r, sessionId)} was not checked with Quaderno after a ${reported(r)} (too many checks this minute); the next catch-up updates it.`,
      );
      return false;
    }
    inFlight.add(key);
    let session: ConfirmedSession | null;
    try {
      session = await getSession(r.accountId, sessionId, stopping.signal);
    } catch (e) {
      // Quaderno removes abandoned sessions after about a week (docs/quaderno-api.md, Lifecycle),
      // and answers 404 or 410 for them: either is an answer, not a failed check.
      if (e instanceof ConsoleError && (e.code === 'not_found' || e.code === 'gone'))
        return gone(r, sessionId);
      const why = e instanceof Error ? e.message : String(e);
      if (!stopping.signal.aborted) {
        note(
          r,
          sessionId,
          `The link for ${who(r, sessionId)} could not be checked with Quaderno after a ${reported(r)} (${why}); the next catch-up updates it.`,
        );
      }
      return false;
    } finally {
      inFlight.delete(key);
    }
    if (!repos.isOpen() || stopping.signal.aborted) return false;
    if (!session) return gone(r, sessionId);
    const before = repos.sessions.get(r.accountId, sessionId)?.status;
    const status = nextStatus(session.status, r);
    const changed =
      status !== null && setSessionStatus(repos.sessions, r.accountId, sessionId, status);
    const message = changed
      ? `The link for ${who(r, sessionId)} is now ${status}: Quaderno confirmed the ${reported(r)}.`
      : unchanged(r, `the link for ${who(r, sessionId)}`, session.status, status, before);
    note(r, sessionId, message, session.status);
    return changed;
  }

  async function run(r: LinkRecheck): Promise<void> {
    const changed: number[] = [];
    // One at a time: an event is never worth a burst of calls.
    for (const id of r.sessionIds.slice(0, MAX_LINKS_PER_EVENT)) {
      if (stopping.signal.aborted) break;
      if (await recheckOne(r, id)) changed.push(id);
    }
    if (changed.length > 0 && repos.isOpen()) deps.onSessionStatus?.(r.accountId, changed);
  }

  function recheckLater(r: LinkRecheck): void {
    if (!getSession || stopping.signal.aborted) return;
    const tracked: Promise<unknown> = run(r)
      .catch(() => undefined)
      .finally(() => pending.delete(tracked));
    pending.add(tracked);
  }

  return {
    recheckLater,
    fromQuarantined(q) {
      if (!getSession || stopping.signal.aborted || !repos.isOpen()) return;
      if (!isSessionlessCheckoutEvent(q.eventType, q.sessionId) || !q.email) return;
      if (!unverified.take(q.accountId)) return;
      let json: unknown;
      try {
        json = JSON.parse(repos.events.get(q.eventId)?.body ?? '');
      } catch {
        return;
      }
      const body = parseEventBody(json);
      if (!body) return;
      const at = { id: q.eventId, accountId: q.accountId };
      const r = matchOpenLinks(repos, at, body, q.eventType, false);
      if (r) recheckLater(r);
    },
    async close() {
      stopping.abort();
      await settleWithin(pending, CLOSE_WAIT_MS);
    },
  };
}
