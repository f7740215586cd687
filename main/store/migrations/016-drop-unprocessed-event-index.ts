// Schema 16: no index of the events still to process. Schema 2's webhook_events_unprocessed
// (account_id) WHERE processed_at IS NULL served no query: the processing queue reads events by
// id (the rowid) and the start-up backlog by id order, and Activity's deliveries needing a look
// have their own index (schema 12). Each delivery still wrote an entry into it and removed it
// once processed: two index writes per event on the receiver's path.
export const sql = `
DROP INDEX webhook_events_unprocessed;
`;
