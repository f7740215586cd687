// The build schema 17 starts (see its migration): the sales' search index without positions,
// filled past its cursor a step at a time, then put in the place of schema 5's.
import { saleDocument as document } from './fulfillment-search';
import { FULFILLMENT_SEARCH_SPAN as SPAN } from './search-keys';

/** An index build as build-runner.ts runs it (store_builds row `name`). */
export interface Build {
  name: string;
  /** Indexes the rows with ids past @cursor, at most @limit of them. */
  step: string;
  /** How many rows `step` reads (n) and the highest id among them (last). */
  stepIds: string;
  /** Run once every row is in, in the same transaction as the last step. */
  finish: string;
}

const NEXT = 'fulfillments_search_next';
const key = (row: string) => `${row}.account_id * ${SPAN} + ${row}.id`;
const SEARCHED_COLUMNS =
  'account_id, customer_email, customer_name, description, transaction_id, products_json';

export const salesSearchBuild: Build = {
  name: 'fulfillments_search',
  step: `INSERT INTO ${NEXT} (rowid, text)
    SELECT ${key('f')}, ${document('f')} FROM fulfillments AS f
    WHERE f.id > @cursor ORDER BY f.id LIMIT @limit`,
  stepIds: `SELECT count(*) AS n, max(id) AS last FROM (
    SELECT id FROM fulfillments WHERE id > @cursor ORDER BY id LIMIT @limit)`,
  // Schema 5's index and triggers go; the new index takes their names, its triggers no longer
  // asking the cursor. DROP frees the old pages for the file's next writes.
  finish: `
DROP TRIGGER fulfillments_search_insert;
DROP TRIGGER fulfillments_search_delete;
DROP TRIGGER fulfillments_search_update;
DROP TABLE fulfillments_search;
DROP TRIGGER ${NEXT}_insert;
DROP TRIGGER ${NEXT}_delete;
DROP TRIGGER ${NEXT}_update;
ALTER TABLE ${NEXT} RENAME TO fulfillments_search;
CREATE TRIGGER fulfillments_search_insert AFTER INSERT ON fulfillments BEGIN
  INSERT INTO fulfillments_search (rowid, text) VALUES (${key('new')}, ${document('new')});
END;
CREATE TRIGGER fulfillments_search_delete AFTER DELETE ON fulfillments BEGIN
  DELETE FROM fulfillments_search WHERE rowid = ${key('old')};
END;
-- Only when a searched column really changed: the receiver rewrites every column on enrich.
CREATE TRIGGER fulfillments_search_update AFTER UPDATE OF ${SEARCHED_COLUMNS} ON fulfillments
WHEN old.account_id IS NOT new.account_id
  OR old.customer_email IS NOT new.customer_email OR old.customer_name IS NOT new.customer_name
  OR old.description IS NOT new.description OR old.transaction_id IS NOT new.transaction_id
  OR old.products_json IS NOT new.products_json
BEGIN
  DELETE FROM fulfillments_search WHERE rowid = ${key('old')};
  INSERT INTO fulfillments_search (rowid, text) VALUES (${key('new')}, ${document('new')});
END;
UPDATE store_builds SET state = 'done' WHERE name = 'fulfillments_search';
`,
};
