// The one query behind every list of sales (the Fulfilments screen, the desk, the export):
// an account's sales with the desk's filters, newest first, a page at a time.
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import type { Fulfillment } from '../../preload/contract-live';
import {
  fulfillmentWhere,
  NEW_SALES_SEARCHED,
  newestPageSql,
  type FulfillmentFilter,
  type PageQuery,
} from './fulfillment-filter';
import { createDeliveryStates } from './delivery-states';
import { FULFILLMENT_COLUMNS, toFulfillment } from './fulfillment-row';
import { createFulfillmentSearch } from './fulfillment-search';
import { createNewSalesSearch } from './new-sales-search';
import { REPORT_COLUMNS, reportOf, type ReportedFulfillment } from './sale-reports';
import {
  boundedTotal,
  countUpTo,
  hitRows,
  INDEX_PAGE_DEPTH,
  newestHits,
  type ListTotal,
  type SearchIndex,
} from './text-search';

// The store's face for sales lists (fulfillments.ts and the tests import these from here).
export {
  NEW_SALES_SEARCHED,
  newestPage,
  type FulfillmentFilter,
  type PageQuery,
} from './fulfillment-filter';
export { amountBasis, FULFILLMENT_COLUMNS, toFulfillment } from './fulfillment-row';
export type { ReportedFulfillment, SaleReport } from './sale-reports';

// Filters keeping fewer than 1 in this many sales take the general path (see fromIndex).
const KEEPS_MANY = 20;

const SALES_LIST = { table: 'fulfillments', columns: FULFILLMENT_COLUMNS, time: 'received_at' };

export interface FulfillmentQueries {
  /**
   * One page of sales and how many match in all: a searched list with many hits says at least
   * how many (see boundedTotal). Each sale with a delivery left to do says how it stands.
   */
  page(accountId: number, q: FulfillmentFilter & PageQuery): { items: Fulfillment[] } & ListTotal;
  /** Every matching sale, newest first, without holding them all in memory at once. */
  iterate(accountId: number, f: FulfillmentFilter): Generator<ReportedFulfillment>;
  /** The same sales without what their reports said (no event or link read per sale). */
  iterateBare(accountId: number, f: FulfillmentFilter): Generator<Fulfillment>;
}

const cursorRow = z.object({ id: z.number().int(), received_at: z.string() });
const saleCount = z.number().int();

/** Sales an iteration reads per statement (see newestFirst). */
const READ_BATCH = 500;
const SEARCH_BATCH = 8000;

/** The filters make the WHERE clause, so those statements are prepared per query. */
export function createFulfillmentQueries(db: Database): FulfillmentQueries {
  const newestId = db.prepare<[], number>('SELECT max(id) FROM fulfillments').pluck();
  const fromNewSales = createNewSalesSearch(db, NEW_SALES_SEARCHED);
  const searchSales = createFulfillmentSearch(db);
  const deliveryStates = createDeliveryStates(db);
  // Schema 14's counts: a list without search or dates is as long as a few of these rows say.
  const counted = db
    .prepare(
      `SELECT coalesce(sum(count), 0) FROM fulfillment_counts WHERE account_id = @accountId
         AND (@status IS NULL OR status = @status) AND (@currency IS NULL OR currency = @currency)`,
    )
    .pluck();

  /**
   * A search with many hits (a product name in a third of all sales, say), filtered or not,
   * without building the set of every hit (see newestHits).
   */
  function fromIndex(
    accountId: number,
    where: ReturnType<typeof fulfillmentWhere>,
    index: SearchIndex,
    q: FulfillmentFilter & PageQuery,
  ): ({ rows: unknown[] } & ListTotal) | undefined {
    const want = q.offset + q.limit;
    const filtered = q.status || q.currency;
    // Walking the hits pays when the filters keep many of them; past a rare filter or dates (a
    // month long ago: every newer hit is read and dropped) it read twice the one set's time.
    if (q.from || q.to) return undefined;
    const share = filtered ? keptShare(accountId, where) : 1;
    if (share * KEEPS_MANY < 1) return undefined;
    if (q.status === 'new' && !q.currency && q.countAhead !== undefined) {
      const newQ = { ...q, countAhead: q.countAhead };
      const page = fromNewSales(accountId, where.params, index, newQ, share);
      if (page) return page;
    }
    const list = { ...SALES_LIST, filters: where.filters.sql };
    const rows = newestHits(db, index, list, where.params, want);
    if (!rows) return undefined;
    if (!filtered) return { rows: rows.slice(q.offset, want), ...boundedTotal(q, index.countUpTo) };
    // Counting so far, hit by hit, stops early; every hit, the general path's one set costs less.
    // Lowest id first, as FTS5 reads: from the highest (ORDER BY rowid DESC) the count is the same
    // (the first bound + 1 kept hits from either end) but FTS5 read 1.1-1.7x slower at 100,000
    // sales, 4x for fulfilled ones. It won (6-13x) only with more new sales than the bound at the
    // newest ids: new sales of one currency, or a search the walk of the new sales gave up on.
    const total =
      q.countAhead === undefined
        ? totalOf(accountId, q, where)
        : boundedTotal(q, (bound) => countUpTo(db, hitRows(index, list), where.params, bound));
    return { rows: rows.slice(q.offset, want), ...total };
  }

  /** The part of the account's sales the filters keep (schema 14's counts say). */
  function keptShare(accountId: number, where: ReturnType<typeof fulfillmentWhere>): number {
    const kept = saleCount.parse(
      counted.get({
        accountId,
        status: where.params.status ?? null,
        currency: where.params.currency ?? null,
      }),
    );
    const all = saleCount.parse(counted.get({ accountId, status: null, currency: null }));
    return all === 0 ? 1 : kept / all;
  }

  function totalOf(
    accountId: number,
    q: FulfillmentFilter & PageQuery,
    where: ReturnType<typeof fulfillmentWhere>,
  ): ListTotal {
    if (where.search) {
      const from = `fulfillments WHERE ${where.sql}`;
      return boundedTotal(q, (bound) => countUpTo(db, from, where.params, bound));
    }
    const total =
      !q.from && !q.to
        ? saleCount.parse(
            counted.get({
              accountId,
              status: q.status ?? null,
              currency: where.params.currency ?? null,
            }),
          )
        : datedCount(accountId, q);
    return { total };
  }

  // Fulfilled sales have no index of their own (schema 15): between two dates they are all the
  // sales there less the new ones, two index ranges instead of a table read for each sale.
  function datedCount(accountId: number, f: FulfillmentFilter): number {
    const count = (g: FulfillmentFilter) => {
      const where = fulfillmentWhere(searchSales, accountId, g);
      const sql = `SELECT count(*) FROM fulfillments WHERE ${where.sql}`;
      return saleCount.parse(db.prepare(sql).pluck().get(where.params));
    };
    if (f.status !== 'fulfilled') return count(f);
    const { status: _fulfilled, ...dated } = f;
    return count(dated) - count({ ...dated, status: 'new' });
  }

  function rowsOf(
    accountId: number,
    q: FulfillmentFilter & PageQuery,
  ): { rows: unknown[] } & ListTotal {
    const where = fulfillmentWhere(searchSales, accountId, q);
    if (where.search?.index && q.offset + q.limit <= INDEX_PAGE_DEPTH) {
      const page = fromIndex(accountId, where, where.search.index, q);
      if (page) return page;
    }
    const length = totalOf(accountId, q, where);
    // Past the middle of a list whose length is known, the page is read from the oldest end with
    // the mirrored offset: scrolling to the oldest of 1,000,000 sales skipped 999,900 index
    // entries (0.7 to 1.1 s), and now skips none.
    const fromOldest =
      !length.totalIsLowerBound && q.offset < length.total && q.offset * 2 > length.total;
    if (fromOldest) {
      const end = Math.min(q.offset + q.limit, length.total);
      const rows = db
        .prepare(
          `SELECT ${FULFILLMENT_COLUMNS} FROM fulfillments WHERE ${where.sql}
           ORDER BY received_at ASC, id ASC LIMIT @limit OFFSET @offset`,
        )
        .all({ ...where.params, limit: end - q.offset, offset: length.total - end });
      return { rows: rows.reverse(), ...length };
    }
    // An empty list is not walked for: fulfilled sales in a ledger with none (a filter without its
    // own index) would read every sale of the account to find nothing.
    if (length.total === 0) return { rows: [], ...length };
    const rows = db
      .prepare(newestPageSql(where.sql))
      .all({ ...where.params, limit: q.limit, offset: q.offset });
    return { rows, ...length };
  }
  // The length, the rows and their deliveries in one read: another process (`listen`, `sync`
  // beside the app) may commit between them, and a page read at the mirrored offset would skip
  // or repeat a sale (or show a sale fulfilled by its rule as still delivering).
  const rowsSnapshot = db.transaction(
    (accountId: number, q: FulfillmentFilter & PageQuery): { items: Fulfillment[] } & ListTotal => {
      const { rows, ...total } = rowsOf(accountId, q);
      const sales = rows.map((r) => toFulfillment(r));
      // Only a sale still to deliver says how its deliveries stand: one marked fulfilled by hand
      // holds what is left of them (the worker claims none) until Undo.
      const states = deliveryStates(
        accountId,
        sales.filter((f) => f.status === 'new').map((f) => f.id),
      );
      const items = sales.map((f) => {
        const delivery = states.get(f.id);
        return delivery === undefined ? f : { ...f, delivery };
      });
      return { items, ...total };
    },
  );

  // In batches below the last row read, never one open statement: while a better-sqlite3
  // iterator is open the connection refuses every other statement, so a long export stopped
  // the receiver. Between batches the caller may yield to it. Sales recorded once the reading
  // began (an id above the newest then) are left out: it holds the sales that existed then.
  function* newestFirst(accountId: number, f: FulfillmentFilter, more: string) {
    const where = fulfillmentWhere(searchSales, accountId, f);
    const batch = db.prepare(
      `SELECT ${FULFILLMENT_COLUMNS}${more} FROM fulfillments WHERE ${where.sql}
         AND id <= @lastId AND (received_at, id) < (@beforeAt, @beforeId)
       ORDER BY received_at DESC, id DESC LIMIT @size`,
    );
    const lastId = newestId.get() ?? 0;
    let before = { beforeAt: '\uffff', beforeId: 0 };
    // Each statement gathers a search's hits again: its batches grow, or a search matching a
    // third of 1,000,000 sales would gather them hundreds of times.
    for (let size = READ_BATCH; ; size = where.search ? Math.min(size * 2, SEARCH_BATCH) : size) {
      const rows: unknown[] = batch.all({ ...where.params, lastId, ...before, size });
      yield* rows;
      if (rows.length < size) return;
      const last = cursorRow.parse(rows.at(-1));
      before = { beforeAt: last.received_at, beforeId: last.id };
    }
  }

  return {
    page: (accountId, q) => rowsSnapshot.deferred(accountId, q),
    *iterate(accountId, f) {
      for (const row of newestFirst(accountId, f, `, ${REPORT_COLUMNS}`)) {
        yield { ...toFulfillment(row), reported: reportOf(row) };
      }
    },
    *iterateBare(accountId, f) {
      for (const row of newestFirst(accountId, f, '')) yield toFulfillment(row);
    },
  };
}
