// Schema 10: the Links list's search box also finds a link by what it sells (issue 17, "Links
// search also finds products"): each session's trigram document (schema 4) gains one line per
// item, its product code and name, as the sales' documents have had since schema 5. The table is
// contentless, so it is built again; the update trigger now also follows items_json (an edited
// link's new products). Keys are unchanged: account_id * 2^42 + session id.
import { SESSION_SEARCH_SPAN as SPAN } from './004-session-search';

const key = (row: string) => `${row}.account_id * ${SPAN} + ${row}.id`;
const fits = (row: string) => `${row}.id BETWEEN 0 AND ${SPAN - 1}`;
const document = (row: string) => `concat_ws(char(10), ${row}.customer_email,
    ${row}.customer_first_name, ${row}.customer_last_name, ${row}.customer_company,
    nullif(trim(coalesce(${row}.customer_first_name, '') || ' ' || coalesce(${row}.customer_last_name, '')), ''),
    (SELECT group_concat(concat_ws(' ', i.value ->> 'product', i.value ->> 'name'), char(10))
     FROM json_each(CASE WHEN json_valid(${row}.items_json) THEN ${row}.items_json ELSE '[]' END) AS i
     WHERE i.type = 'object'))`;

export const sql = `
DROP TRIGGER sessions_search_insert;
DROP TRIGGER sessions_search_delete;
DROP TRIGGER sessions_search_update;
DROP TABLE sessions_search;
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
CREATE TRIGGER sessions_search_update AFTER UPDATE OF customer_email, customer_first_name, customer_last_name, customer_company, items_json ON sessions
WHEN ${fits('new')} AND (old.customer_email IS NOT new.customer_email
  OR old.customer_first_name IS NOT new.customer_first_name
  OR old.customer_last_name IS NOT new.customer_last_name
  OR old.customer_company IS NOT new.customer_company
  OR old.items_json IS NOT new.items_json)
BEGIN
  DELETE FROM sessions_search WHERE rowid = ${key('old')};
  INSERT INTO sessions_search (rowid, text) VALUES (${key('new')}, ${document('new')});
END;
`;
