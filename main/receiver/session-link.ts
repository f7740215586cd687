// The receiver's two touch points with the links module's sessions.
import { saleProducts, type SaleProduct } from '../../preload/contract-live';
import { customerDisplayName } from '../../preload/customer-name';
import { FINAL_SESSION_STATUSES } from '../../preload/session-statuses';
import type { SessionsRepo } from '../store';

export type WebhookSessionStatus = 'completed' | 'failed' | 'abandoned';

// Events can arrive out of order (a retry of "abandoned" after the sale): a completed or
// deleted session never moves back (settledStatus, which the store enforces too).

/** True if a session the console knows changed status. Unknown sessions are left to sync. */
export function setSessionStatus(
  sessions: SessionsRepo,
  accountId: number,
  sessionId: number,
  status: WebhookSessionStatus,
): boolean {
  const current = sessions.get(accountId, sessionId);
  if (!current || current.status === status || FINAL_SESSION_STATUSES.includes(current.status))
    return false;
  return sessions.setStatus(accountId, sessionId, status);
}

/**
 * The products of a session the console knows, with names, quantities and unit prices, or null
 * if it does not know it.
 */
export function sessionProducts(
  sessions: SessionsRepo,
  accountId: number,
  sessionId: number,
): SaleProduct[] | null {
  const items = sessions.get(accountId, sessionId)?.items ?? [];
  return items.length > 0 ? saleProducts(items) : null;
}

/** Open links re-read from the API for one event at most: each is one GET. */
export const MAX_LINKS_PER_EVENT = 5;
/** Open links for one email looked at before narrowing by product. */
const CANDIDATES = 50;

const same = (a: string | null | undefined, b: string | null | undefined): boolean =>
  Boolean(a && b && a.trim().toLowerCase() === b.trim().toLowerCase());

/** Links an event without a session id matched, to re-read from the API after its commit. */
export interface LinkRecheck {
  accountId: number;
  eventId: number;
  eventType: 'checkout.failed' | 'checkout.abandoned';
  email: string;
  sessionIds: number[];
  /** One link matched: one Quaderno still shows open takes the event's status. */
  unique: boolean;
}

export interface OpenLinkMatch {
  /** Newest first, MAX_LINKS_PER_EVENT at most. */
  sessionIds: number[];
  /** How many open links the email (and product, when that narrowed them) matched. */
  matched: number;
}

/**
 * The open links a checkout.failed / checkout.abandoned event may be about. Those events carry
 * no session id, only the customer's contact and the product's description (or plan)
 * (docs/quaderno-api.md, Events): match by email, then by product name or code when several do.
 */
export function openLinksFor(
  sessions: SessionsRepo,
  accountId: number,
  who: { email: string | null; description: string | null; plan: string | null },
): OpenLinkMatch {
  const email = who.email?.trim();
  if (!email) return { sessionIds: [], matched: 0 };
  let links = sessions.openByEmail(accountId, email, CANDIDATES);
  if (links.length > 1) {
    const named = links.filter((l) =>
      l.items.some(
        (i) => same(i.name, who.description) || same(i.product, who.plan) || same(i.name, who.plan),
      ),
    );
    if (named.length > 0) links = named;
  }
  return {
    sessionIds: links.slice(0, MAX_LINKS_PER_EVENT).map((l) => l.id),
    matched: links.length,
  };
}

/**
 * "Ann Lee" or "Jane Doe (Acme Ltd)" as the link was made for, when the console knows the
 * session and a name.
 */
export function sessionCustomerName(
  sessions: SessionsRepo,
  accountId: number,
  sessionId: number,
): string | null {
  const c = sessions.get(accountId, sessionId)?.customer;
  return c ? customerDisplayName(c) : null;
}
