// The search box over sales: email, name, description, transaction id or products, plus an
// exact session id when the text is a number. Shared by the desk and the receiver's repo so
// both screens find the same rows.
import type { Database } from 'better-sqlite3';
import { FULFILLMENT_SEARCH_SPAN as SPAN } from './search-keys';
import { accountSearch, type AccountSearchSpec, type SearchClause } from './text-search';

export type { SearchClause } from './text-search';

export interface FulfillmentSearch extends SearchClause {
  /**
   * Set when the trigram index alone can answer for one account (many hits, no session id
   * clause): how many sales match, and the ids of the newest-inserted ones, highest first.
   */
  index?: { count(): number; highestIds(n: number): number[] };
}

const SALES: AccountSearchSpec = {
  // Schema 5's fulfillments_search: rowid = account_id * 2^42 + sale id.
  table: 'fulfillments_search',
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
  const found = accountSearch(db, SALES, accountId, raw);
  if (!found) return undefined;
  const { clause, lookup } = found;
  if (!lookup || clause.fewMatches || 'searchId' in clause.params) return clause;
  const { fts, id, params } = lookup;
  return {
    ...clause,
    index: {
      count: () => db.prepare(`SELECT count(*) FROM ${fts}`).pluck().get(params) as number,
      highestIds: (n) =>
        db
          .prepare(`SELECT ${id} FROM ${fts} ORDER BY rowid DESC LIMIT ${Math.trunc(n)}`)
          .pluck()
          .all(params) as number[],
    },
  };
}
