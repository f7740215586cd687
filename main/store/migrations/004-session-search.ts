// Schema 4: the Links list's search box over 100,000 sessions without a table scan, the way
// schema 2 did it for sales (fulfillments_search): one contentless trigram document per session
// (email, first name, last name, company and "first last", one per line), kept by triggers
// (account deletes cascade through them too); existing sessions are indexed here.
//
// Sessions have no INTEGER PRIMARY KEY, and VACUUM may renumber such a table's rowids, so the
// document's rowid is derived from the key instead: account_id * 2^42 + session id (Quaderno ids
// are far below 2^42; a larger one is left out of the index rather than collide).
export const SESSION_SEARCH_SPAN = 4398046511104; // 2^42

const key = (row: string) => `${row}.account_id * ${SESSION_SEARCH_SPAN} + ${row}.id`;
const fits = (row: string) => `${row}.id BETWEEN 0 AND ${SESSION_SEARCH_SPAN - 1}`;
const document = (row: string) => `concat_ws(char(10), ${row}.customer_email,
    ${row}.customer_first_name, ${row}.customer_last_name, ${row}.customer_company,
    nullif(trim(coalesce(${row}.customer_first_name, '') || ' ' || coalesce(${row}.customer_last_name, '')), ''))`;

export const sql = `
CREATE VIRTUAL TABLE sessions_search USING fts5(
  text, content = '', contentless_delete = 1, tokenize = 'trigram'
);
INSERT INTO sessions_search (rowid, text)
  SELECT ${key('s')}, ${document('s')} FROM sessions AS s WHERE ${fits('s')};
CREATE TRIGGER sessions_search_insert AFTER INSERT ON sessions WHEN ${fits('new')} BEGIN
  INSERT INTO sessions_search (rowid, text) VALUES (${key('new')}, ${document('new')});
END;
CREATE TRIGGER sessions_search_delete AFTER DELETE ON sessions WHEN ${fits('old')} BEGIN
  DELETE FROM sessions_search WHERE rowid = ${key('old')};
END;
-- Only when a searched column really changed: every upsert rewrites them all.
CREATE TRIGGER sessions_search_update AFTER UPDATE OF customer_email, customer_first_name, customer_last_name, customer_company ON sessions
WHEN ${fits('new')} AND (old.customer_email IS NOT new.customer_email
  OR old.customer_first_name IS NOT new.customer_first_name
  OR old.customer_last_name IS NOT new.customer_last_name
  OR old.customer_company IS NOT new.customer_company)
BEGIN
  DELETE FROM sessions_search WHERE rowid = ${key('old')};
  INSERT INTO sessions_search (rowid, text) VALUES (${key('new')}, ${document('new')});
END;
`;
