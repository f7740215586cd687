// Reading fulfilments straight from SQLite (schema 2) into the contract's shape, with the
// filters the desk offers. Read-only: the receiver and sync own the writes.
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import type { Fulfillment } from '../../preload/contract';
import {
  FULFILLMENT_COLUMNS,
  fulfillmentWhere,
  queryFulfillments,
  type FulfillmentFilter,
} from '../store';

export type { FulfillmentFilter } from '../store';

const rowSchema = z.object({
  id: z.number(),
  session_id: z.number(),
  permalink: z.string().nullable(),
  customer_email: z.string().nullable(),
  customer_name: z.string().nullable(),
  products_json: z.string(),
  description: z.string().nullable(),
  amount: z.number(),
  currency: z.string(),
  tax_name: z.string().nullable(),
  tax_rate: z.number().nullable(),
  transaction_id: z.string().nullable(),
  gateway: z.string().nullable(),
  source: z.enum(['webhook', 'sync', 'api_confirmed']),
  signature_warning: z.number(),
  event_id: z.number().nullable(),
  status: z.enum(['new', 'fulfilled']),
  received_at: z.string(),
  fulfilled_at: z.string().nullable(),
  note: z.string().nullable(),
});

const productsSchema = z.array(
  z.object({ code: z.string(), name: z.string().nullable().optional() }).loose(),
);

function parseProducts(json: string): Fulfillment['products'] {
  try {
    const parsed = productsSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data.map((p) => ({ code: p.code, name: p.name ?? null })) : [];
  } catch {
    return [];
  }
}

export function toFulfillment(raw: unknown): Fulfillment {
  const r = rowSchema.parse(raw);
  return {
    id: r.id,
    sessionId: r.session_id,
    permalink: r.permalink,
    customerEmail: r.customer_email,
    customerName: r.customer_name,
    products: parseProducts(r.products_json),
    description: r.description,
    amount: r.amount,
    currency: r.currency,
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
  };
}

export function listFulfillments(
  db: Database,
  accountId: number,
  q: FulfillmentFilter & { limit: number; offset: number },
): { items: Fulfillment[]; total: number } {
  const { rows, total } = queryFulfillments(db, accountId, q);
  return { items: rows.map(toFulfillment), total };
}

export function getFulfillment(db: Database, accountId: number, id: number): Fulfillment | null {
  const row = db
    .prepare(`SELECT ${FULFILLMENT_COLUMNS} FROM fulfillments WHERE account_id = ? AND id = ?`)
    .get(accountId, id);
  return row === undefined ? null : toFulfillment(row);
}

/** Every matching row, newest first, without holding them all in memory at once. */
export function* iterateFulfillments(
  db: Database,
  accountId: number,
  f: FulfillmentFilter,
): Generator<Fulfillment> {
  const where = fulfillmentWhere(db, accountId, f);
  const statement = db.prepare(
    `SELECT ${FULFILLMENT_COLUMNS} FROM fulfillments WHERE ${where.sql}
     ORDER BY received_at DESC, id DESC`,
  );
  for (const row of statement.iterate(where.params)) yield toFulfillment(row);
}

export function countUndelivered(db: Database, accountId: number): number {
  const row = db
    .prepare(`SELECT count(*) AS n FROM fulfillments WHERE account_id = ? AND status = 'new'`)
    .get(accountId) as { n: number };
  return row.n;
}
