// Schema 5: the sales search index, keyed by account like the sessions' (schema 4).
//
// Schema 2 keyed each sale's trigram document by the sale's id, so counting one account's hits
// meant looking every hit up in fulfillments (24 ms for a word in a third of 100,000 sales).
// Keyed account_id * 2^42 + id, one account's documents are one rowid range: the index alone
// counts them, and hands out the highest ids first. Existing sales are indexed again here.
import { SESSION_SEARCH_SPAN as SPAN } from './004-session-search';

export const FULFILLMENT_SEARCH_SPAN = SPAN;

const key = (row: string) => `${row}.account_id * ${SPAN} + ${row}.id`;
const document = (row: string) => `concat_ws(char(10),
    ${row}.customer_email, ${row}.customer_name, ${row}.description, ${row}.transaction_id,
    (SELECT group_concat(concat_ws(' ', p.value ->> 'code', p.value ->> 'name'), char(10))
     FROM json_each(CASE WHEN json_valid(${row}.products_json) THEN ${row}.products_json ELSE '[]' END) AS p))`;

export const sql = `
DROP TRIGGER fulfillments_search_insert;
DROP TRIGGER fulfillments_search_delete;
DROP TRIGGER fulfillments_search_update;
DROP TABLE fulfillments_search;
CREATE VIRTUAL TABLE fulfillments_search USING fts5(
  text, content = '', contentless_delete = 1, tokenize = 'trigram'
);
INSERT INTO fulfillments_search (rowid, text) SELECT ${key('f')}, ${document('f')} FROM fulfillments AS f;
CREATE TRIGGER fulfillments_search_insert AFTER INSERT ON fulfillments BEGIN
  INSERT INTO fulfillments_search (rowid, text) VALUES (${key('new')}, ${document('new')});
END;
CREATE TRIGGER fulfillments_search_delete AFTER DELETE ON fulfillments BEGIN
  DELETE FROM fulfillments_search WHERE rowid = ${key('old')};
END;
-- Only when a searched column really changed: the receiver rewrites every column on enrich.
CREATE TRIGGER fulfillments_search_update AFTER UPDATE OF account_id, customer_email, customer_name, description, transaction_id, products_json ON fulfillments
WHEN old.account_id IS NOT new.account_id
  OR old.customer_email IS NOT new.customer_email OR old.customer_name IS NOT new.customer_name
  OR old.description IS NOT new.description OR old.transaction_id IS NOT new.transaction_id
  OR old.products_json IS NOT new.products_json
BEGIN
  DELETE FROM fulfillments_search WHERE rowid = ${key('old')};
  INSERT INTO fulfillments_search (rowid, text) VALUES (${key('new')}, ${document('new')});
END;
`;
