// Schema 15: the status filter's index holds the new sales only (issue 16: at 1,000,000 sales the
// file should stay within 1.5x the sales table). Schema 2's (account_id, status, received_at)
// held every sale, 0.38x the table, to serve two lists: the new sales, which are the few still to
// deliver, and the fulfilled ones, which are most of an account's sales and are found as fast by
// walking the date index (fulfillments_received) past the new ones. The rowid ends every index
// entry, so (account_id, received_at) also orders ties by id, both ways; and ascending, a new sale
// lands at its end, where pages fill (schema 2's descending indexes, filled at their start, hold
// about half as many entries per page). fulfillment-query.ts writes `status = 'new'` literally.
export const sql = `
DROP INDEX fulfillments_status;
CREATE INDEX fulfillments_new ON fulfillments (account_id, received_at) WHERE status = 'new';
`;
