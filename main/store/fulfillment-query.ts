// The one query behind every list of sales (the Fulfilments screen, the desk, the export):
// an account's sales with the desk's filters, newest first, a page at a time.
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import type { AmountSource, Fulfillment, FulfillmentSource } from '../../preload/contract-live';
import { createFulfillmentSearch, type FulfillmentSearch } from './fulfillment-search';
import { readJson } from './json';
import { createNewSalesSearch } from './new-sales-search';
import {
  boundedTotal,
  countUpTo,
  hitRows,
  INDEX_PAGE_DEPTH,
  newestHits,
  type AccountSearch,
  type ListTotal,
  type SearchIndex,
} from './text-search';

/** A page of a list: `countAhead` bounds a searched list's count (see boundedTotal). */
export interface PageQuery {
  limit: number;
  offset: number;
  countAhead?: number | undefined;
}

export interface FulfillmentFilter {
  status?: 'new' | 'fulfilled';
  search?: string;
  currency?: string;
  from?: string;
  to?: string;
}

export const FULFILLMENT_COLUMNS = `id, session_id, permalink, customer_email, customer_name,
  products_json, description, amount, currency, tax_name, tax_rate, transaction_id, gateway,
  source, signature_warning, event_id, status, received_at, fulfilled_at, note, amount_source,
  tax_included`;

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
  };
}

// Filters keeping fewer than 1 in this many sales take the general path (see fromIndex).
const KEEPS_MANY = 20;

const SALES_LIST = { table: 'fulfillments', columns: FULFILLMENT_COLUMNS, time: 'received_at' };

type Where = { sql: string; params: Record<string, unknown> };

// Literals, not a bound @status: with the text saying `status = 'new'`, SQLite proves schema 15's
// partial index of new sales usable when it prepares the statement, rather than from the value
// bound to it (which it can, by preparing the statement again for each value).
const STATUS_IS = { new: "status = 'new'", fulfilled: "status = 'fulfilled'" } as const;

/** WHERE clause over (account, filters); search matches email, name, products or a session id. */
function fulfillmentWhere(
  searchSales: AccountSearch,
  accountId: number,
  f: FulfillmentFilter,
): Where & { filters: Where; search: FulfillmentSearch | undefined } {
  const parts = ['account_id = @accountId'];
  const params: Record<string, unknown> = { accountId };
  if (f.status) {
    parts.push(STATUS_IS[f.status]);
    // Not in the SQL (see STATUS_IS): the counts' look-ups read it from here.
    params.status = f.status;
  }
  if (f.currency) {
    parts.push('currency = @currency');
    params.currency = f.currency.toUpperCase();
  }
  // Stored times are toISOString() (milliseconds, Z): compare like with like.
  if (f.from) {
    parts.push('received_at >= @from');
    params.from = new Date(f.from).toISOString();
  }
  if (f.to) {
    parts.push('received_at < @to');
    params.to = new Date(f.to).toISOString();
  }
  const filters = { sql: parts.join(' AND '), params: { ...params } };
  const search = searchSales(accountId, f.search);
  if (search) {
    // Few hits: fetch them by id instead of walking the whole account in date order.
    if (search.fewMatches) parts[0] = '+account_id = @accountId';
    parts.push(search.sql);
    Object.assign(params, search.params);
  }
  return { sql: parts.join(' AND '), params, filters, search };
}

const newestPageSql = (where: string) => `SELECT ${FULFILLMENT_COLUMNS} FROM fulfillments
  WHERE ${where} ORDER BY received_at DESC, id DESC LIMIT @limit OFFSET @offset`;

/** The statement a page of unsearched sales runs, newest first, and its parameters (plan tests). */
export function newestPage(
  db: Database,
  accountId: number,
  f: Omit<FulfillmentFilter, 'search'>,
): { sql: string; params: Record<string, unknown> } {
  const where = fulfillmentWhere(createFulfillmentSearch(db), accountId, f);
  return { sql: newestPageSql(where.sql), params: where.params };
}

/** The statements behind a search of the new sales (see fromNewSales; plan tests). */
export const NEW_SALES_SEARCHED = {
  // The new sales newest first, from schema 15's index of them alone (see keptHits).
  walk: `SELECT id FROM fulfillments WHERE account_id = @accountId AND ${STATUS_IS.new}
      AND (received_at, id) < (@beforeAt, @beforeId)
    ORDER BY received_at DESC, id DESC LIMIT @size`,
  // The page's sales by id, sorted once found: `+` keeps SQLite off the account's date index,
  // which it walked whole to find them (79 ms at 1,000,000 sales).
  byId: `SELECT ${FULFILLMENT_COLUMNS} FROM fulfillments
    WHERE +account_id = @accountId AND id IN (SELECT value FROM json_each(@ids))
    ORDER BY received_at DESC, id DESC`,
};

export interface FulfillmentQueries {
  /**
   * One page of sales and how many match in all: a searched list with many hits says at least
   * how many (see boundedTotal).
   */
  page(accountId: number, q: FulfillmentFilter & PageQuery): { items: Fulfillment[] } & ListTotal;
  /** Every matching sale, newest first, without holding them all in memory at once. */
  iterate(accountId: number, f: FulfillmentFilter): Generator<ReportedFulfillment>;
  /** The same sales without what their reports said (no event or link read per sale). */
  iterateBare(accountId: number, f: FulfillmentFilter): Generator<Fulfillment>;
}

/**
 * What the reports of a sale said beyond its row, for the export: the reporting event's `iat`
 * and contact country (untrusted JSON, as found) and the link's billing country.
 */
export interface SaleReport {
  iat: string | number | null;
  eventCountry: string | null;
  linkCountry: string | null;
}

export interface ReportedFulfillment extends Fulfillment {
  reported: SaleReport;
}

// Read in the same statement as the sale rather than one event and one session lookup per
// sale, which took longer than reading the sales. Only JSON.parse-able bodies count, and only
// a number or a string iat and a string country, as the export's own reading of the body did.
const eventValue = (path: string, types: string) => `(SELECT CASE WHEN json_valid(e.body)
    AND json_type(e.body, '${path}') IN (${types}) THEN json_extract(e.body, '${path}') END
  FROM webhook_events e
  WHERE e.account_id = fulfillments.account_id AND e.id = fulfillments.event_id)`;

const REPORT_COLUMNS = `
  ${eventValue('$.data.object.transaction_details.iat', "'integer', 'real', 'text'")} AS report_iat,
  ${eventValue('$.data.object.contact.country', "'text'")} AS report_country,
  (SELECT s.customer_country FROM sessions s
    WHERE s.account_id = fulfillments.account_id AND s.id = fulfillments.session_id) AS link_country`;

const reportRow = z.object({
  report_iat: z.union([z.string(), z.number()]).nullable(),
  report_country: z.string().nullable(),
  link_country: z.string().nullable(),
});

function reportOf(raw: unknown): SaleReport {
  const r = reportRow.parse(raw);
  return { iat: r.report_iat, eventCountry: r.report_country, linkCountry: r.link_country };
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
  // The length and the rows in one read: another process (`listen`, `sync` beside the app) may
  // commit between the two, and a page read at the mirrored offset would skip or repeat a sale.
  const rowsSnapshot = db.transaction(rowsOf);

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
    page(accountId, q) {
      const { rows, ...total } = rowsSnapshot.deferred(accountId, q);
      return { items: rows.map((r) => toFulfillment(r)), ...total };
    },
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
