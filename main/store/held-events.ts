// Deliveries held because the account's webhook auth key could not be read (keychain locked, the
// registrar still recovering it): quarantined and answered 200 like any unverifiable delivery,
// but they may be Quaderno's own, so the receiver checks them again once the key reads
// (main/receiver/held.ts), and a sync that finds their sale in Quaderno settles them.
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { readJson } from './json';

/** The start of the reason a delivery is held with (main/receiver/ingest.ts writes it). */
export const KEY_UNREADABLE_REASON = "The webhook's auth key could not be read";

export interface HeldEvent {
  id: number;
  body: string;
  headers: Record<string, string>;
}

export interface HeldEventsRepo {
  /** Up to `limit` held readable deliveries of the account with an id above `afterId`, oldest first. */
  heldForKey(accountId: number, afterId: number, limit: number): HeldEvent[];
  /** A held delivery checked once its key read, and its signature still failed: why, now. */
  setReason(id: number, reason: string): void;
  /**
   * Quarantined checkout.succeeded deliveries whose session is a recorded sale paid by the
   * email they name: each becomes that sale's confirmed event (at most `limit` per call).
   * Returns how many.
   */
  settleKnownSales(accountId: number, limit: number): number;
}

const heldRow = z.object({ id: z.number().int(), body: z.string(), headers_json: z.string() });
const headersSchema = z.record(z.string(), z.string());
const settleRow = z.object({
  id: z.number().int(),
  fulfillment_id: z.number().int(),
  business_key: z.string().nullable(),
});

// The quarantine: rows never processed (or whose processing failed) that failed the check.
const quarantined = `(e.processed_at IS NULL OR e.process_error IS NOT NULL)
  AND e.verification = 'invalid'`;

export function createHeldEventsRepo(db: Database, now: () => string): HeldEventsRepo {
  const selectHeld = db.prepare(
    `SELECT e.id, e.body, e.headers_json FROM webhook_events e
     WHERE e.account_id = ? AND ${quarantined} AND e.event_type IS NOT NULL
       AND e.reason LIKE ? AND e.id > ? ORDER BY e.id LIMIT ?`,
  );
  const updateReason = db.prepare(
    "UPDATE webhook_events SET reason = ? WHERE id = ? AND verification = 'invalid'",
  );
  // The event's email as payload.ts reads it (transaction_details, else contact), compared as
  // confirm.ts compares it with the API's: trimmed, any case, never blank.
  const eventEmail = `CASE WHEN json_valid(e.body) THEN coalesce(
      json_extract(e.body, '$.data.object.transaction_details.email'),
      json_extract(e.body, '$.data.object.contact.email')) END`;
  const selectSettleable = db.prepare(
    `SELECT e.id, f.id AS fulfillment_id, e.business_key FROM webhook_events e
       JOIN fulfillments f ON f.account_id = e.account_id AND f.session_id = e.session_id
     WHERE e.account_id = ? AND ${quarantined} AND e.event_type = 'checkout.succeeded'
       AND e.session_id IS NOT NULL AND trim(coalesce(f.customer_email, '')) <> ''
       AND lower(trim(${eventEmail})) = lower(trim(f.customer_email))
       AND coalesce(e.reason, '') NOT LIKE ?
     ORDER BY e.id LIMIT ?`,
  );
  const keyTaken = db
    .prepare(
      `SELECT 1 FROM webhook_events WHERE account_id = ? AND business_key = ?
         AND verification IN ('valid', 'confirmed')`,
    )
    .pluck();
  const settle = db.prepare(
    `UPDATE webhook_events SET verification = 'confirmed', processed_at = ?, process_error = NULL,
       fulfillment_id = ?, business_key = NULL WHERE id = ? AND verification = 'invalid'`,
  );
  const settleAll = db.transaction((accountId: number, limit: number): number => {
    let settled = 0;
    // Held ones are left to the receiver's check once the key reads: settled, a real delivery's
    // own amounts and transaction would never reach its sale. A settled copy gives up its
    // business key, so the signed delivery of that sale is still taken (a forged copy settled
    // first would otherwise shut it out as a duplicate).
    const held = `${KEY_UNREADABLE_REASON}%`;
    for (const r of selectSettleable.all(accountId, held, limit).map((x) => settleRow.parse(x))) {
      // One confirmed event per key: another copy naming the same sale stays quarantined.
      if (r.business_key !== null && keyTaken.get(accountId, r.business_key) !== undefined) {
        continue;
      }
      settled += settle.run(now(), r.fulfillment_id, r.id).changes;
    }
    return settled;
  });
  return {
    heldForKey(accountId, afterId, limit) {
      return selectHeld
        .all(accountId, `${KEY_UNREADABLE_REASON}%`, afterId, limit)
        .map((x) => heldRow.parse(x))
        .map((r) => ({
          id: r.id,
          body: r.body,
          headers: readJson(r.headers_json, headersSchema, {}),
        }));
    },
    setReason(id, reason) {
      updateReason.run(reason, id);
    },
    settleKnownSales: (accountId, limit) => settleAll.immediate(accountId, limit),
  };
}
