// The Links list's search box: email, first or last name, "first last" and company, plus an
// exact session id when the text is a number.
import type { Database } from 'better-sqlite3';
import { SESSION_SEARCH_SPAN } from './migrations/004-session-search';
import {
  clauseFor,
  fewMatches,
  ftsPhrase,
  isTrigramSearch,
  likeAny,
  searchText,
  type SearchClause,
} from './text-search';

const NAME_COLUMNS = [
  'customer_email',
  'customer_first_name',
  'customer_last_name',
  'customer_company',
  "(coalesce(customer_first_name, '') || ' ' || coalesce(customer_last_name, ''))",
];

/** Undefined when there is nothing to search for (empty or blank text). */
export function sessionSearch(
  db: Database,
  accountId: number,
  raw: string | undefined,
): SearchClause | undefined {
  const text = searchText(raw);
  if (!text) return undefined;
  const params: SearchClause['params'] = {};
  let match: string;
  let few = false;
  if (isTrigramSearch(text)) {
    // Schema 4's sessions_search: rowid = account_id * 2^42 + session id, so one account's
    // documents are one rowid range (64-bit arithmetic in SQL: JS numbers would lose digits).
    const base = `@searchAccount * ${SESSION_SEARCH_SPAN}`;
    const fts = `sessions_search WHERE sessions_search MATCH @searchFts
      AND rowid BETWEEN ${base} AND ${base} + ${SESSION_SEARCH_SPAN - 1}`;
    match = `id IN (SELECT rowid - ${base} FROM ${fts})`;
    params.searchFts = ftsPhrase(text);
    params.searchAccount = accountId;
    few = fewMatches(db, fts, params);
  } else {
    match = likeAny(NAME_COLUMNS, text, params);
  }
  return clauseFor(text, match, params, few, 'id');
}
