// The search box over sales: email, name, description, transaction id or products, plus an
// exact session id when the text is a number. Shared by the desk and the receiver's repo so
// both screens find the same rows.
import type { Database } from 'better-sqlite3';
import { FULFILLMENT_SEARCH_SPAN as SPAN } from './search-keys';
import { accountSearch, type AccountSearchSpec, type SearchClause } from './text-search';

export type { SearchClause } from './text-search';

/** The clause, with `index` when the trigram index alone can answer (many hits, no id). */
export type FulfillmentSearch = SearchClause;

/**
 * A sale's document in the search index (schemas 5 and 17 build it so; a test holds this copy
 * equal to schema 17's): what a candidate of the index is checked against.
 */
export const saleDocument = (row: string) => `concat_ws(char(10),
    ${row}.customer_email, ${row}.customer_name, ${row}.description, ${row}.transaction_id,
    (SELECT group_concat(concat_ws(' ', p.value ->> 'code', p.value ->> 'name'), char(10))
     FROM json_each(CASE WHEN json_valid(${row}.products_json) THEN ${row}.products_json ELSE '[]' END) AS p))`;

/** The document's text columns without its products (no JSON to read): its start. */
const saleText = (row: string) => `concat_ws(char(10),
    ${row}.customer_email, ${row}.customer_name, ${row}.description, ${row}.transaction_id)`;

const SALES: AccountSearchSpec = {
  // Schema 5's fulfillments_search, then schema 17's (without positions, so its answers are
  // candidates): rowid = account_id * 2^42 + sale id.
  table: 'fulfillments_search',
  candidates: { table: 'fulfillments', document: saleDocument, head: saleText },
  span: SPAN,
  likeColumns: [
    'customer_email',
    'customer_name',
    'description',
    'transaction_id',
    'products_json',
  ],
  idColumn: 'session_id',
  idRows:
    'SELECT id FROM fulfillments WHERE account_id = @searchAccount AND session_id = @searchId',
};

/** Undefined when there is nothing to search for (empty or blank text). */
export function fulfillmentSearch(
  db: Database,
  accountId: number,
  raw: string | undefined,
): FulfillmentSearch | undefined {
  return accountSearch(db, SALES, accountId, raw);
}
