// The search box over sales: email, name, description, transaction id or products, plus an
// exact session id when the text is a number. Shared by the desk and the receiver's repo so
// both screens find the same rows.
import type { Database } from 'better-sqlite3';
import {
  clauseFor,
  fewMatches,
  ftsPhrase,
  isTrigramSearch,
  likeAny,
  searchText,
  type SearchClause,
} from './text-search';

export type { SearchClause } from './text-search';

/** Undefined when there is nothing to search for (empty or blank text). */
export function fulfillmentSearch(db: Database, raw: string | undefined): SearchClause | undefined {
  const text = searchText(raw);
  if (!text) return undefined;
  const params: SearchClause['params'] = {};
  let match: string;
  let few = false;
  if (isTrigramSearch(text)) {
    // The trigram index (schema 2, fulfillments_search); its rowid is the sale's id.
    const fts = 'fulfillments_search WHERE fulfillments_search MATCH @searchFts';
    match = `id IN (SELECT rowid FROM ${fts})`;
    params.searchFts = ftsPhrase(text);
    few = fewMatches(db, fts, params);
  } else {
    match = likeAny(
      ['customer_email', 'customer_name', 'description', 'transaction_id', 'products_json'],
      text,
      params,
    );
  }
  return clauseFor(text, match, params, few, 'session_id');
}
