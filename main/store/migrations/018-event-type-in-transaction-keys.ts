// Schema 18: sessionless events are keyed by type and transaction.
//
// A sessionless event's key was `transaction:<id>`, so a second event type about the same
// transaction (a credit.created after a charge.refunded) was taken for a duplicate and never
// stored. The key now leads with the event type (receiver/payload.ts); the verified events
// already stored get the same key, so a redelivery of one is still a duplicate. The update
// walks the key index's `transaction:` range of each account, not the table (960,000 events in
// the 1M file). Quarantined rows keep the old key: only verified keys are deduplicated against.
export const sql = `
UPDATE webhook_events SET business_key = event_type || ':' || business_key
  WHERE account_id IN (SELECT id FROM accounts)
    AND business_key >= 'transaction:' AND business_key < 'transaction;'
    AND verification IN ('valid', 'confirmed') AND event_type IS NOT NULL;
`;
