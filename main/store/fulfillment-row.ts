// A sale's row as the store keeps it, and as the contract hands it out: the columns every list
// of sales reads, their schema, and the amount's basis for rows written without it.
import { z } from 'zod';
import type { AmountSource, Fulfillment, FulfillmentSource } from '../../preload/contract-live';
import { readJson } from './json';

export const FULFILLMENT_COLUMNS = `id, session_id, permalink, customer_email, customer_name,
  products_json, description, amount, currency, tax_name, tax_rate, transaction_id, gateway,
  source, signature_warning, event_id, status, received_at, fulfilled_at, note, amount_source,
  tax_included, refunded_amount`;

const row = z.object({
  id: z.number().int(),
  session_id: z.number().int(),
  permalink: z.string().nullable(),
  customer_email: z.string().nullable(),
  customer_name: z.string().nullable(),
  products_json: z.string(),
  description: z.string().nullable(),
  amount: z.number().int(),
  currency: z.string(),
  tax_name: z.string().nullable(),
  tax_rate: z.number().nullable(),
  transaction_id: z.string().nullable(),
  gateway: z.string().nullable(),
  source: z.enum(['webhook', 'sync', 'api_confirmed']),
  signature_warning: z.union([z.literal(0), z.literal(1)]),
  event_id: z.number().int().nullable(),
  status: z.enum(['new', 'fulfilled']),
  received_at: z.string(),
  fulfilled_at: z.string().nullable(),
  note: z.string().nullable(),
  amount_source: z.enum(['webhook', 'session_items']).nullable(),
  tax_included: z.union([z.literal(0), z.literal(1)]).nullable(),
  refunded_amount: z.number().int(),
});

// A count or price that is not a whole number reads as unknown rather than losing the sale.
const whole = z.number().int().nonnegative().nullable().optional().catch(null);

const products = z.array(
  z
    .object({
      code: z.string(),
      name: z.string().nullable().optional(),
      quantity: whole,
      unitAmount: whole,
    })
    .loose(),
);

// Sales written before schema 9 have no quantity: unknown, not 1.
function productsOf(json: string): Fulfillment['products'] {
  return readJson(json, products, []).map((p) => ({
    code: p.code,
    name: p.name ?? null,
    quantity: p.quantity ?? null,
    unitAmount: p.unitAmount ?? null,
  }));
}

/**
 * A sale's amount basis: as recorded, else as its source implies. Rows inserted without it
 * (older consoles, bulk fixtures) follow the rule schema 8 backfilled: a webhook brings the
 * event's amount, tax included; sync and API confirmations the session's items.
 */
export function amountBasis(
  source: FulfillmentSource,
  amountSource?: AmountSource | null,
  taxIncluded?: boolean | null,
): { amountSource: AmountSource; taxIncluded: boolean | null } {
  const resolved = amountSource ?? (source === 'webhook' ? 'webhook' : 'session_items');
  const implied = resolved === 'webhook' ? true : null;
  return { amountSource: resolved, taxIncluded: taxIncluded ?? implied };
}

/** A row of FULFILLMENT_COLUMNS in the contract's shape. */
export function toFulfillment(raw: unknown): Fulfillment {
  const r = row.parse(raw);
  // Schema 20 keeps it at most the amount; an amount lowered later by a report reads the same.
  const refunded = Math.min(r.refunded_amount, r.amount);
  return {
    id: r.id,
    sessionId: r.session_id,
    permalink: r.permalink,
    customerEmail: r.customer_email,
    customerName: r.customer_name,
    products: productsOf(r.products_json),
    description: r.description,
    amount: r.amount,
    currency: r.currency,
    ...amountBasis(
      r.source,
      r.amount_source,
      r.tax_included === null ? null : r.tax_included === 1,
    ),
    taxName: r.tax_name,
    taxRate: r.tax_rate,
    transactionId: r.transaction_id,
    gateway: r.gateway,
    source: r.source,
    signatureWarning: r.signature_warning === 1,
    eventId: r.event_id,
    status: r.status,
    receivedAt: r.received_at,
    fulfilledAt: r.fulfilled_at,
    note: r.note,
    ...(refunded > 0 ? { refundedAmount: refunded } : {}),
  };
}
