// A list of sales' filters as SQL: the WHERE clause the desk's filters and search make, and the
// statements that read a page of them (the plan tests check these).
import type { Database } from 'better-sqlite3';
import { createFulfillmentSearch, type FulfillmentSearch } from './fulfillment-search';
import { FULFILLMENT_COLUMNS } from './fulfillment-row';
import type { AccountSearch } from './text-search';

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

type Where = { sql: string; params: Record<string, unknown> };

// Literals, not a bound @status: with the text saying `status = 'new'`, SQLite proves schema 15's
// partial index of new sales usable when it prepares the statement, rather than from the value
// bound to it (which it can, by preparing the statement again for each value).
const STATUS_IS = { new: "status = 'new'", fulfilled: "status = 'fulfilled'" } as const;

/** WHERE clause over (account, filters); search matches email, name, products or a session id. */
export function fulfillmentWhere(
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

export const newestPageSql = (where: string) => `SELECT ${FULFILLMENT_COLUMNS} FROM fulfillments
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
