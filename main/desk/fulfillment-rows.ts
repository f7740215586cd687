// Reading fulfilments straight from SQLite into the contract's shape (the store's one query and
// row mapping), with the filters the desk offers. Read-only: the receiver and sync own the writes.
import type { Database } from 'better-sqlite3';
import type { Fulfillment } from '../../preload/contract';
import {
  FULFILLMENT_COLUMNS,
  fulfillmentWhere,
  queryFulfillments,
  toFulfillment,
  type FulfillmentFilter,
} from '../store';

export { toFulfillment, type FulfillmentFilter } from '../store';

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
