// Schema 3: the body-hash index keeps only the events that need it.
//
// A verified event with a business key (event type + session, or transaction) is deduplicated
// by that key; the same body always yields the same key. Only quarantined events and events
// with no key need the body hash to be found again. Indexing every hash (random values, so one
// random index page written per delivery) was most of the receiver's disk writes under load.
export const sql = `
DROP INDEX webhook_events_body;
CREATE UNIQUE INDEX webhook_events_body ON webhook_events (account_id, body_sha256)
  WHERE business_key IS NULL OR verification = 'invalid';
`;
