// The search box over sales: email, name, description, transaction id or products, plus an
// exact session id when the text is a number. Shared by the desk and the receiver's repo so
// both screens find the same rows.
import type { Database } from 'better-sqlite3';
import { FULFILLMENT_SEARCH_SPAN as SPAN } from './search-keys';
import {
  accountFts,
  clauseFor,
  fewMatches,
  isTrigramSearch,
  likeAny,
  searchText,
  type SearchClause,
} from './text-search';

export type { SearchClause } from './text-search';

export interface FulfillmentSearch extends SearchClause {
  /**
   * Set when the trigram index alone can answer for one account (many hits, no session id
   * clause): how many sales match, and the ids of the newest-inserted ones, highest first.
   */
  index?: { count(): number; highestIds(n: number): number[] };
}

/** Undefined when there is nothing to search for (empty or blank text). */
export function fulfillmentSearch(
  db: Database,
  accountId: number,
  raw: string | undefined,
): FulfillmentSearch | undefined {
  const text = searchText(raw);
  if (!text) return undefined;
  if (!isTrigramSearch(text)) {
    const params: SearchClause['params'] = {};
    const columns = ['customer_email', 'customer_name', 'description', 'transaction_id'];
    const match = likeAny([...columns, 'products_json'], text, params);
    return clauseFor(text, match, params, false, 'session_id');
  }
  // Schema 5's fulfillments_search: rowid = account_id * 2^42 + sale id.
  const { fts, id, params: own } = accountFts('fulfillments_search', SPAN, accountId, text);
  const few = fewMatches(db, fts, own);
  const clause: FulfillmentSearch = clauseFor(
    text,
    `id IN (SELECT ${id} FROM ${fts})`,
    { ...own },
    few,
    'session_id',
  );
  if (!few && !('searchId' in clause.params)) {
    clause.index = {
      count: () => db.prepare(`SELECT count(*) FROM ${fts}`).pluck().get(own) as number,
      highestIds: (n) =>
        db
          .prepare(`SELECT ${id} FROM ${fts} ORDER BY rowid DESC LIMIT ${Math.trunc(n)}`)
          .pluck()
          .all(own) as number[],
    };
  }
  return clause;
}
