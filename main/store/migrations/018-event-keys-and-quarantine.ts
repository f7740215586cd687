// Schema 18: sessionless events are keyed by type and transaction; the quarantine is trimmed by
// kind.
//
// A sessionless event's key was `transaction:<id>`, so a second event type about the same
// transaction (a credit.created after a charge.refunded) was taken for a duplicate and never
// stored. The key now leads with the event type (receiver/payload.ts); the verified events
// already stored get the same key, so a redelivery of one is still a duplicate. The update
// walks the key index's `transaction:` range of each account, not the table. Quarantined rows
// keep the old key: only verified keys are deduplicated against.
//
// The quarantine keeps junk (no event type) and readable events apart, each within its own
// limit (store/events.ts): the index finds each kind's oldest rows without reading the others.
export const sql = `
UPDATE webhook_events SET business_key = event_type || ':' || business_key
  WHERE account_id IN (SELECT id FROM accounts)
    AND business_key >= 'transaction:' AND business_key < 'transaction;'
    AND verification IN ('valid', 'confirmed') AND event_type IS NOT NULL;
CREATE INDEX webhook_events_quarantine
  ON webhook_events (account_id, event_type IS NOT NULL, id) WHERE verification = 'invalid';
`;
