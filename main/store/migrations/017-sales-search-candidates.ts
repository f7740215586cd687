// Schema 17: the sales search index keeps which sales hold each trigram, not where (FTS5
// detail=none), for a file within 1.5x its sales at 1,000,000 of them (issue 16): the positions
// were 0.74x the sales table, the index without them 0.28x. A phrase then finds candidates (each
// trigram somewhere in the sale), which the search checks against the row (text-search.ts).
//
// Building it takes about a minute at 1,000,000 sales, far past the 1 s an open may take, so
// this migration only starts it: an empty index beside schema 5's, and a store_builds row whose
// cursor is the highest sale id indexed so far. The builder (build-runner.ts) indexes the sales
// past the cursor in small steps, each one transaction that moves the cursor; the triggers here
// index a sale written meanwhile only when the cursor has passed its id, so each sale reaches the
// new index once, from the builder or from a trigger, whichever comes after the other. The
// searches read schema 5's index, named fulfillments_search, until the builder's last step
// (build-sales-search.ts) drops it and gives the new one that name and schema 5's triggers.
import { FULFILLMENT_SEARCH_SPAN as SPAN } from './005-fulfillment-search-by-account';

const BUILD = 'fulfillments_search';
const NEXT = 'fulfillments_search_next';

const key = (row: string) => `${row}.account_id * ${SPAN} + ${row}.id`;
export const document = (row: string) => `concat_ws(char(10),
    ${row}.customer_email, ${row}.customer_name, ${row}.description, ${row}.transaction_id,
    (SELECT group_concat(concat_ws(' ', p.value ->> 'code', p.value ->> 'name'), char(10))
     FROM json_each(CASE WHEN json_valid(${row}.products_json) THEN ${row}.products_json ELSE '[]' END) AS p))`;
const built = (row: string) =>
  `${row}.id <= (SELECT cursor FROM store_builds WHERE name = '${BUILD}')`;
const searchedColumnsChanged = `old.account_id IS NOT new.account_id
  OR old.customer_email IS NOT new.customer_email OR old.customer_name IS NOT new.customer_name
  OR old.description IS NOT new.description OR old.transaction_id IS NOT new.transaction_id
  OR old.products_json IS NOT new.products_json`;
const SEARCHED_COLUMNS =
  'account_id, customer_email, customer_name, description, transaction_id, products_json';

export const sql = `
CREATE TABLE store_builds (
  name        TEXT PRIMARY KEY,
  cursor      INTEGER NOT NULL,
  state       TEXT NOT NULL CHECK (state IN ('building', 'done')),
  steps       INTEGER NOT NULL DEFAULT 0
) STRICT;
INSERT INTO store_builds (name, cursor, state)
  VALUES ('${BUILD}', coalesce((SELECT min(id) FROM fulfillments), 1) - 1, 'building');
CREATE VIRTUAL TABLE ${NEXT} USING fts5(
  text, content = '', contentless_delete = 1, tokenize = 'trigram', detail = none
);
CREATE TRIGGER ${NEXT}_insert AFTER INSERT ON fulfillments WHEN ${built('new')} BEGIN
  INSERT INTO ${NEXT} (rowid, text) VALUES (${key('new')}, ${document('new')});
END;
CREATE TRIGGER ${NEXT}_delete AFTER DELETE ON fulfillments WHEN ${built('old')} BEGIN
  DELETE FROM ${NEXT} WHERE rowid = ${key('old')};
END;
CREATE TRIGGER ${NEXT}_update AFTER UPDATE OF ${SEARCHED_COLUMNS} ON fulfillments
WHEN (${built('old')} OR ${built('new')}) AND (${searchedColumnsChanged})
BEGIN
  DELETE FROM ${NEXT} WHERE rowid = ${key('old')} AND ${built('old')};
  INSERT INTO ${NEXT} (rowid, text) SELECT ${key('new')}, ${document('new')} WHERE ${built('new')};
END;
`;
