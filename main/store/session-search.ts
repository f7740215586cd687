// The Links list's search box: email, first or last name, "first last" and company, plus an
// exact session id when the text is a number.
import type { Database } from 'better-sqlite3';
import { SESSION_SEARCH_SPAN } from './search-keys';
import { createAccountSearch, type AccountSearch, type AccountSearchSpec } from './text-search';

const SESSIONS: AccountSearchSpec = {
  // Schema 4's sessions_search: rowid = account_id * 2^42 + session id.
  table: 'sessions_search',
  span: SESSION_SEARCH_SPAN,
  likeColumns: [
    'customer_email',
    'customer_first_name',
    'customer_last_name',
    'customer_company',
    "(coalesce(customer_first_name, '') || ' ' || coalesce(customer_last_name, ''))",
  ],
  idColumn: 'id',
  // A session's id is its key: the number itself (the outer query keeps it to the account).
  idRows: 'SELECT @searchId',
};

/** The search box over links, built once per connection by the repository that lists them. */
export function createSessionSearch(db: Database): AccountSearch {
  return createAccountSearch(db, SESSIONS);
}
