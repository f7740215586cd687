// Sales for export tests, recorded through the store as the receiver and sync leave them: a
// webhook sale with its stored event (iat, contact country, tax), or a bare sync sale.
import type { NewFulfillment, RefundKind, Store } from '../../main/store';
import { newFulfillment } from './sale-fixtures';

/**
 * The sales CSV's last six columns (issue 15, for accountants), written out here rather than
 * imported from main so a rename or reorder breaks the tests, as it would break a sheet.
 */
export const ACCOUNTANT_COLUMNS = [
  'paid_at_utc',
  'net_amount',
  'tax_amount',
  'gross_amount',
  'customer_country',
  'not_reported',
] as const;

export interface WebhookSale {
  sessionId: number;
  /** When the customer paid: the event's iat. */
  paidAt: string;
  /** When the console heard of it. */
  receivedAt: string;
  amount: number;
  currency?: string;
  name?: string;
  country?: string;
  taxRate?: number;
  transactionId?: string;
}

/** A checkout.succeeded event stored and processed into a sale, tax included. */
export function recordWebhookSale(store: Store, accountId: number, sale: WebhookSale): number {
  const currency = sale.currency ?? 'EUR';
  const transaction = sale.transactionId ?? `pi_${sale.sessionId}`;
  const body = JSON.stringify({
    event_type: 'checkout.succeeded',
    data: {
      object: {
        transaction_details: {
          session: sale.sessionId,
          transaction: transaction,
          gateway: 'stripe',
          tax_name: 'VAT',
          tax_rate: sale.taxRate ?? 21,
          iat: Math.floor(Date.parse(sale.paidAt) / 1000),
          amount_cents: sale.amount,
          currency,
        },
        contact: { first_name: 'Jane', country: sale.country ?? 'ES' },
      },
    },
  });
  const event = store.events.insertVerified({
    accountId,
    body,
    headers: {},
    eventType: 'checkout.succeeded',
    sessionId: sale.sessionId,
    businessKey: `checkout.succeeded:session:${sale.sessionId}`,
    receivedAt: sale.receivedAt,
  });
  return store.fulfillments.record(
    accountId,
    newFulfillment({
      sessionId: sale.sessionId,
      customerName: sale.name ?? 'Jane Doe',
      products: [{ code: 'prod_course', name: 'Course', quantity: 2, unitAmount: null }],
      amount: sale.amount,
      currency,
      taxName: 'VAT',
      taxRate: sale.taxRate ?? 21,
      transactionId: transaction,
      gateway: 'stripe',
      source: 'webhook',
      eventId: event.id,
      receivedAt: sale.receivedAt,
    }),
  ).id;
}

/** A sale only sync saw: the link's items, no tax, transaction, gateway or paid time. */
export function recordSyncSale(
  store: Store,
  accountId: number,
  over: Partial<NewFulfillment> & Pick<NewFulfillment, 'sessionId' | 'receivedAt'>,
): number {
  return store.fulfillments.record(accountId, newFulfillment(over)).id;
}

export interface SaleRefundFacts {
  /** The sale's id (what record… returned). */
  fulfillmentId: number;
  sessionId: number;
  amount: number;
  refundedAt: string;
  kind?: RefundKind;
  currency?: string;
}

let refundEvents = 0;

/** A refund event processed as the receiver leaves it, tied to its sale (each its own event). */
export function recordRefund(store: Store, accountId: number, r: SaleRefundFacts): void {
  refundEvents += 1;
  store.refunds.record(accountId, {
    eventId: refundEvents,
    kind: r.kind ?? 'credit.created',
    fulfillmentId: r.fulfillmentId,
    amount: r.amount,
    currency: r.currency ?? 'EUR',
    refundedAt: r.refundedAt,
    sessionId: r.sessionId,
    transactions: [],
  });
}
