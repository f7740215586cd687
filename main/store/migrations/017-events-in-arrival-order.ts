// Schema 17: Activity lists deliveries in the order they were stored (id), through indexes keyed
// by the account alone (the rowid ends each entry). Schema 2's (account_id, received_at DESC) and
// schema 12's (account_id, received_at DESC, id DESC) took every new delivery at their start, a
// 24-character timestamp per entry: each commit of a batch of deliveries rebalanced three or four
// pages of each (SQLite splits an index page by sharing it with its siblings), half the WAL
// frames of indexes a commit wrote. Keyed by the account, a commit of 50 deliveries writes 25
// frames, not 31 (test/bench/insert-cost.ts, with processing trailing as under load).
// An event's id follows its received_at, both taken when it is stored, except for a quarantined
// delivery promoted when it later verifies: it keeps its id and is listed where it first came.
// The attention index keeps its name and rows; activity-log.ts orders both by id.
export const sql = `
DROP INDEX webhook_events_received;
CREATE INDEX webhook_events_account ON webhook_events (account_id);
DROP INDEX webhook_events_attention;
CREATE INDEX webhook_events_attention ON webhook_events (account_id)
  WHERE processed_at IS NULL OR process_error IS NOT NULL;
`;
