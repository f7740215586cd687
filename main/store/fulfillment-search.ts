// The search box over sales: email, name, description, transaction id or products, plus an
// exact session id when the text is a number. Shared by the desk and the receiver's repo so
// both screens find the same rows.
import type { Database } from 'better-sqlite3';
import { FULFILLMENT_SEARCH_SPAN as SPAN } from './search-keys';
import {
  createAccountSearch,
  type AccountSearch,
  type AccountSearchSpec,
  type SearchClause,
} from './text-search';

export type { SearchClause } from './text-search';

/** The clause, with `index` when the trigram index alone can answer (many hits, no id). */
export type FulfillmentSearch = SearchClause;

// What text too short for trigrams is matched against in a sale's products: their codes and
// names, as schema 5's index holds them, not the JSON around them ("co", "na", ":" or a quantity
// matched every sale with products). The raw JSON is matched first, which every product's code
// and name is part of, so only the sales it may name are read apart.
const PRODUCT_TEXT = `CASE WHEN products_json GLOB @searchGlob THEN (
    SELECT group_concat(concat_ws(' ', p.value ->> 'code', p.value ->> 'name'), char(10))
    FROM json_each(CASE WHEN json_valid(products_json) THEN products_json ELSE '[]' END) AS p) END`;

const SALES: AccountSearchSpec = {
  // Schema 5's fulfillments_search: rowid = account_id * 2^42 + sale id.
  table: 'fulfillments_search',
  span: SPAN,
  likeColumns: ['customer_email', 'customer_name', 'description', 'transaction_id', PRODUCT_TEXT],
  idColumn: 'session_id',
  idRows:
    'SELECT id FROM fulfillments WHERE account_id = @searchAccount AND session_id = @searchId',
};

/** The search box over sales, built once per connection (fulfillment-query's repository). */
export function createFulfillmentSearch(db: Database): AccountSearch {
  return createAccountSearch(db, SALES);
}

/**
 * One search on its own, with statements of its own: for a caller without the repository. Its
 * clause is undefined when there is nothing to search for (empty or blank text).
 */
export function fulfillmentSearch(
  db: Database,
  accountId: number,
  raw: string | undefined,
): FulfillmentSearch | undefined {
  return createFulfillmentSearch(db)(accountId, raw);
}
