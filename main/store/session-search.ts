// The Links list's search box: email, first or last name, "first last" and company, plus an
// exact session id when the text is a number.
import type { Database } from 'better-sqlite3';
import { SESSION_SEARCH_SPAN } from './search-keys';
import {
  accountFts,
  clauseFor,
  fewMatches,
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
    // Schema 4's sessions_search: rowid = account_id * 2^42 + session id.
    const lookup = accountFts('sessions_search', SESSION_SEARCH_SPAN, accountId, text);
    const { fts } = lookup;
    match = `id IN (SELECT ${lookup.id} FROM ${fts})`;
    Object.assign(params, lookup.params);
    few = fewMatches(db, fts, params);
  } else {
    match = likeAny(NAME_COLUMNS, text, params);
  }
  return clauseFor(text, match, params, few, 'id');
}
