// Turns a stored refund event (credit.created, charge.refunded) into a refund of the sale it
// names, so totals count net revenue. One that names no stored sale stays visible in Activity.
import type { Fulfillment } from '../../preload/contract-live';
import { formatMoney } from '../../preload/money';
import { isConsoleError } from '../errors';
import { toMinorUnits } from '../quaderno';
import { customerWords } from '../sales';
import type { ProcessableEvent, RefundKind, Repos } from '../store';
import { refundFacts, type RefundFacts } from './refund-payload';

export function isRefundEvent(eventType: string | null): eventType is RefundKind {
  return eventType === 'credit.created' || eventType === 'charge.refunded';
}

export const UNMATCHED_REFUND = 'A refund from Quaderno could not be matched to a sale';

function saleOf(repos: Repos, accountId: number, facts: RefundFacts): Fulfillment | undefined {
  if (facts.sessionId !== null) {
    const sale = repos.fulfillments.bySession(accountId, facts.sessionId);
    if (sale) return sale;
  }
  for (const transaction of facts.transactions) {
    const [id] = repos.refunds.salesByTransaction(accountId, transaction);
    if (id !== undefined) return repos.fulfillments.get(accountId, id);
  }
  return undefined;
}

function minorOf(cents: number | null, currency: string): number | null {
  if (cents === null) return null;
  try {
    return toMinorUnits(cents, currency);
  } catch (e) {
    if (isConsoleError(e)) return null;
    throw e;
  }
}

/** Records the refund and says so in Activity; returns the sale it refunds (null: none matched). */
export function applyRefund(
  repos: Repos,
  event: ProcessableEvent,
  /** The event's body, as processing parsed it. */
  json: unknown,
  kind: RefundKind,
): { fulfillmentId: number | null } {
  const facts = refundFacts(json);
  const found = saleOf(repos, event.accountId, facts);
  // A refund in another currency than the sale's is not this sale's.
  const sale = found && (facts.currency ?? found.currency) === found.currency ? found : undefined;
  const said = sale?.currency ?? facts.currency;
  const currency = said !== null && /^[A-Z]{3}$/.test(said) ? said : null;
  const amount = currency ? minorOf(facts.cents, currency) : null;
  repos.refunds.record(event.accountId, {
    eventId: event.id,
    kind,
    fulfillmentId: sale?.id ?? null,
    amount,
    currency,
    refundedAt: event.receivedAt,
    sessionId: facts.sessionId,
    transactions: facts.transactions,
  });
  const detail = { eventId: event.id, sessionId: sale?.sessionId ?? facts.sessionId };
  if (!sale) {
    const said = amount !== null && currency ? ` (${formatMoney(amount, currency)})` : '';
    repos.activity.add(
      event.accountId,
      'refund_unmatched',
      `${UNMATCHED_REFUND}${said}: find the sale in Quaderno; it is counted in revenue until its sale is recorded here.`,
      detail,
    );
    return { fulfillmentId: null };
  }
  const who = customerWords(sale.customerName, sale.customerEmail);
  const line =
    amount === null
      ? `Quaderno reported a refund of ${who}’s payment of ${formatMoney(sale.amount, sale.currency)} without an amount: check it in Quaderno; the sale is still counted in revenue.`
      : `${who} was refunded ${formatMoney(amount, sale.currency)} of ${formatMoney(sale.amount, sale.currency)}`;
  repos.activity.add(event.accountId, 'refund', line, { ...detail, fulfillmentId: sale.id });
  return { fulfillmentId: sale.id };
}
