// Turns a stored event into what the merchant acts on: a fulfilment for a sale, a session
// status for a failed or abandoned checkout. Runs after the event is committed, so it can be
// retried (on start, or from the activity screen) without losing anything.
import type { NewFulfillment, ProcessableEvent, Repos, SessionsRepo } from '../store';
import type { SaleProduct } from '../../preload/contract-live';
import { isConsoleError } from '../errors';
import { checkoutAbandonedLine, checkoutFailedLine, salePaidLine, saleUpdatedLine } from '../sales';
import { toMinorUnits } from '../quaderno';
import { customerName, eventMeta, failureMessage, parseEventBody, type EventBody } from './payload';
import { isSessionlessCheckoutEvent, matchOpenLinks } from './link-match';
import { applyRefund, isRefundEvent } from './refund';
import {
  sessionCustomerName,
  sessionProducts,
  setSessionStatus,
  type LinkRecheck,
} from './session-link';

export interface ProcessResult {
  eventId: number;
  accountId: number;
  fulfillmentId: number | null;
  /** Sessions whose status changed. */
  sessionIds: number[];
  /** Open links an event without a session id matched: re-read them from the API. */
  recheck?: LinkRecheck | null;
  error: string | null;
}

/** Session fields the API confirmed, which override the unverified body's. */
export interface ConfirmedSale {
  email: string;
  total: number;
  currency: string;
  permalink: string;
  products: SaleProduct[];
}

class PermanentError extends Error {}

function parseBody(event: ProcessableEvent): { json: unknown; body: EventBody } {
  let json: unknown;
  try {
    json = JSON.parse(event.body);
  } catch {
    throw new PermanentError('The stored body is not JSON.');
  }
  const body = parseEventBody(json);
  if (!body) throw new PermanentError('The stored body is not a checkout event.');
  return { json, body };
}

function amountOf(body: EventBody, currency: string): number {
  const d = body.data?.object?.transaction_details ?? {};
  // Quaderno's amount_cents is hundredths of the major unit, for every currency.
  const cents =
    d.amount_cents ?? (d.amount && /^\d+(\.\d+)?$/.test(d.amount) ? Number(d.amount) * 100 : null);
  if (cents === null) throw new PermanentError('The sale has no amount_cents or amount.');
  try {
    return toMinorUnits(Math.round(cents), currency);
  } catch (e) {
    throw new PermanentError(isConsoleError(e) ? e.message : String(e));
  }
}

export function saleFromEvent(
  repos: Pick<Repos, 'sessions'>,
  event: ProcessableEvent,
  body: EventBody,
  confirmed?: ConfirmedSale,
): NewFulfillment {
  const d = body.data?.object?.transaction_details ?? {};
  const sessionId = eventMeta(body).sessionId;
  if (sessionId === null) throw new PermanentError('The sale names no checkout session.');
  const currency = (confirmed?.currency ?? d.currency ?? '').toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency)) throw new PermanentError('The sale has no valid currency.');
  const known = sessionProducts(repos.sessions, event.accountId, sessionId);
  // The event names the product's code alone: how many were bought is not said.
  const reported = d.product_id
    ? [{ code: d.product_id, name: null, quantity: null, unitAmount: null }]
    : [];
  const api = event.verification === 'confirmed';
  return {
    sessionId,
    permalink: confirmed?.permalink ?? d.session_permalink ?? null,
    customerEmail: confirmed?.email ?? eventMeta(body).email,
    customerName: customerName(body),
    products: known ?? confirmed?.products ?? reported,
    description: d.description ?? null,
    amount: confirmed ? confirmed.total : amountOf(body, currency),
    currency,
    // A confirmed sale takes the API's item sum, which may be before tax; amount_cents includes
    // it (docs/quaderno-api.md, "Taxes").
    amountSource: confirmed ? 'session_items' : 'webhook',
    taxIncluded: confirmed ? null : true,
    taxName: d.tax_name ?? null,
    taxRate: d.tax_rate ?? null,
    transactionId: d.transaction ?? null,
    gateway: d.gateway ?? null,
    source: api ? 'api_confirmed' : 'webhook',
    signatureWarning: api,
    receivedAt: event.receivedAt,
    eventId: event.id,
  };
}

type Applied = Omit<ProcessResult, 'error' | 'eventId' | 'accountId'>;

// An event asks for its session's products, status and customer (each read parses its items):
// they share one read. apply reads before it writes the status, and a write forgets it anyway.
function sessionsReadOnce(sessions: SessionsRepo): SessionsRepo {
  const seen = new Map<string, ReturnType<SessionsRepo['get']>>();
  const key = (accountId: number, id: number) => `${accountId}:${id}`;
  return {
    ...sessions,
    get(accountId, id) {
      const k = key(accountId, id);
      if (seen.has(k)) return seen.get(k);
      const link = sessions.get(accountId, id);
      seen.set(k, link);
      return link;
    },
    setStatus(accountId, id, status) {
      seen.clear();
      return sessions.setStatus(accountId, id, status);
    },
    upsert(accountId, s, opts) {
      seen.clear();
      return sessions.upsert(accountId, s, opts);
    },
    markReused(accountId, id) {
      seen.clear();
      sessions.markReused(accountId, id);
    },
  };
}

function apply(repos: Repos, event: ProcessableEvent, confirmed?: ConfirmedSale): Applied {
  const { json, body } = parseBody(event);
  const { activity, fulfillments } = repos;
  const sessions = sessionsReadOnce(repos.sessions);
  const { eventType, sessionId } = eventMeta(body);
  const detail = { eventId: event.id, sessionId };
  if (eventType === 'checkout.succeeded') {
    const sale = saleFromEvent({ sessions }, event, body, confirmed);
    // The webhook may name no one: the link knows whom it was made for.
    const named = {
      ...sale,
      customerName:
        sale.customerName ?? sessionCustomerName(sessions, event.accountId, sale.sessionId),
    };
    // Within processEvent's transaction, which undoes the whole event if anything here throws.
    const { id, created } = fulfillments.recordWithin(event.accountId, sale);
    const changed = setSessionStatus(sessions, event.accountId, sale.sessionId, 'completed');
    activity.add(
      event.accountId,
      sale.signatureWarning ? 'sale_confirmed' : 'sale',
      created ? salePaidLine(named) : saleUpdatedLine(named),
      { ...detail, fulfillmentId: id },
    );
    return { fulfillmentId: id, sessionIds: changed ? [sale.sessionId] : [] };
  }
  if (isRefundEvent(eventType)) {
    return { ...applyRefund(repos, event, json, eventType), sessionIds: [] };
  }
  if (isSessionlessCheckoutEvent(eventType, sessionId)) {
    const recheck = matchOpenLinks(repos, event, body, eventType, true);
    return { fulfillmentId: null, sessionIds: [], recheck };
  }
  if ((eventType === 'checkout.failed' || eventType === 'checkout.abandoned') && sessionId) {
    const status = eventType === 'checkout.failed' ? 'failed' : 'abandoned';
    const words = {
      customerName: customerName(body) ?? sessionCustomerName(sessions, event.accountId, sessionId),
      customerEmail: eventMeta(body).email,
      products: sessionProducts(sessions, event.accountId, sessionId) ?? [],
      reason: status === 'failed' ? failureMessage(body) : null,
    };
    const changed = setSessionStatus(sessions, event.accountId, sessionId, status);
    activity.add(
      event.accountId,
      status === 'failed' ? 'checkout_failed' : 'checkout_abandoned',
      status === 'failed' ? checkoutFailedLine(words) : checkoutAbandonedLine(words),
      detail,
    );
    return { fulfillmentId: null, sessionIds: changed ? [sessionId] : [] };
  }
  activity.add(
    event.accountId,
    'event_ignored',
    `Ignored a ${eventType ?? 'untyped'} event.`,
    detail,
  );
  return { fulfillmentId: null, sessionIds: [] };
}

/**
 * Processes one stored event in one transaction. A body that can never become a sale is
 * marked processed with its error; anything else leaves it unprocessed for the next try.
 */
export function processEvent(
  repos: Repos,
  accountId: number,
  eventId: number,
  confirmed?: ConfirmedSale,
): ProcessResult {
  const { events } = repos;
  const base = { eventId, accountId, fulfillmentId: null, sessionIds: [] };
  const event = events.getProcessable(eventId);
  if (!event || event.accountId !== accountId) {
    return { ...base, error: `Event ${eventId} is not in this account's log.` };
  }
  if (event.verification === 'invalid') {
    return { ...base, error: 'A quarantined event is never turned into a sale.' };
  }
  try {
    if (event.verification === 'confirmed' && !confirmed)
      return repos.transaction(() => keepConfirmed(repos, event, base));
    const result = repos.transaction(() => {
      const r = apply(repos, event, confirmed);
      events.markProcessed(eventId, { fulfillmentId: r.fulfillmentId });
      return r;
    });
    return { ...base, ...result, error: null };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (e instanceof PermanentError) events.markProcessed(eventId, { error: message });
    else events.markFailed(eventId, message);
    return { ...base, error: message };
  }
}

/**
 * A confirmed event run again (a retry after a failure, the Activity screen's Process again)
 * without Quaderno's answer at hand: its body never verified, so none of its amounts may write a
 * sale. A sale the confirmation already wrote stays as it is; otherwise sync records it.
 */
function keepConfirmed(
  repos: Repos,
  event: ProcessableEvent,
  base: Omit<ProcessResult, 'error'>,
): ProcessResult {
  let sessionId: number | null = null;
  try {
    sessionId = eventMeta(parseBody(event).body).sessionId;
  } catch {
    // no session to look for
  }
  const sale =
    sessionId === null ? undefined : repos.fulfillments.bySession(event.accountId, sessionId);
  if (sale) {
    repos.events.markProcessed(event.id, { fulfillmentId: sale.id });
    return { ...base, fulfillmentId: sale.id, error: null };
  }
  const error =
    "Its signature did not match and Quaderno's confirmation is no longer at hand, so its " +
    'amounts are not trusted; the next sync records the sale from Quaderno.';
  repos.events.markProcessed(event.id, { error });
  return { ...base, error };
}
