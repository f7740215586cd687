// The quarantine's bounds: events that failed the signature check are kept (answered 200, so
// Quaderno never sends them again), and only the newest of each kind per account stay.
// Two kinds, each trimmed only by its own limit, so a flood of one never deletes the other:
// junk (stored without an event type: the receiver stores none for a body it cannot read as a
// Quaderno event) and readable events, which may be real deliveries (docs/quaderno-api.md,
// "Where the real service differs": some match no signature scheme, and every one does while the
// keychain is locked). A forger with the hook URL can send readable fakes too, so that kind is
// bounded as well; what either sheds is counted for the merchant's notice.
import type { Database } from 'better-sqlite3';
import { z } from 'zod';

/** How many quarantined junk bodies each account keeps. */
export const QUARANTINE_LIMIT = 1000;
/** How many bytes of quarantined junk each account keeps (unsigned bodies cost disk). */
export const QUARANTINE_BYTES = 16 * 1024 * 1024;
/** How many quarantined readable events each account keeps, and their bytes. */
export const READABLE_LIMIT = 10_000;
export const READABLE_BYTES = 64 * 1024 * 1024;

export interface QuarantineLimits {
  events?: number;
  bytes?: number;
  readableEvents?: number;
  readableBytes?: number;
}

export interface QuarantineResult {
  id: number;
  /** Older quarantined events deleted to make room. */
  dropped: number;
  /** How many of them were readable events (not junk). */
  droppedReadable: number;
}

export function quarantineLimits(keep: QuarantineLimits = {}): Required<QuarantineLimits> {
  return {
    events: keep.events ?? QUARANTINE_LIMIT,
    bytes: keep.bytes ?? QUARANTINE_BYTES,
    readableEvents: keep.readableEvents ?? READABLE_LIMIT,
    readableBytes: keep.readableBytes ?? READABLE_BYTES,
  };
}

/**
 * Another connection (the insert worker) may promote a quarantined row that later verifies; a
 * tally then counts one too many, which can only trim early. A recount now and then (an indexed
 * read of one kind's rows) keeps that from adding up.
 */
const RECOUNT_EVERY = 1024;
/** A trim cuts this fraction (1/SLACK) below the limit it passed. */
const SLACK = 16;

/** A kind's quarantined rows as this connection last counted them, kept up to date. */
interface Tally {
  count: number;
  bytes: number;
  since: number;
}

const sizedRow = z.object({ id: z.number().int(), size: z.number().int() });
const tallyRow = z.object({ n: z.number().int(), bytes: z.number().int() });

export interface QuarantineTrim {
  /**
   * A quarantined row of `bytes` was just inserted (in the caller's transaction): deletes the
   * oldest of its kind while the kind is over its limits; how many went.
   */
  added(
    accountId: number,
    readable: boolean,
    bytes: number,
    keep: Required<QuarantineLimits>,
  ): number;
  /** Rows left the quarantine otherwise (promoted, confirmed, a transaction rolled back). */
  forget(accountId?: number): void;
}

// One kind's rows (`event_type IS NOT NULL`: readable). Found through Activity's index of the
// events needing attention (schema 12), which holds every quarantined row (never processed) and
// few others: an index of their own would cost the upgrade a read of every stored event
// (960,000 in the 1M file). octet_length reads a body's size from its record header.
const kindOf = `account_id = ? AND (processed_at IS NULL OR process_error IS NOT NULL)
  AND verification = 'invalid' AND (event_type IS NOT NULL) = ?`;
const countKindSql = `SELECT count(*) AS n, coalesce(sum(octet_length(body)), 0) AS bytes
  FROM webhook_events WHERE ${kindOf}`;
/** The oldest rows of one kind (account, kind 0 junk or 1 readable, how many): its plan is tested. */
export const OLDEST_OF_KIND_SQL = `SELECT id, octet_length(body) AS size FROM webhook_events
  WHERE ${kindOf} ORDER BY received_at, id LIMIT ?`;

export function createQuarantineTrim(db: Database): QuarantineTrim {
  const countKind = db.prepare(countKindSql);
  const oldestOfKind = db.prepare(OLDEST_OF_KIND_SQL);
  const deleteOne = db.prepare('DELETE FROM webhook_events WHERE id = ?');
  // Per account and kind, so a delivery costs no count or sum of the quarantine: only a delete
  // of the oldest row once over the limit.
  const tallies = new Map<string, Tally>();

  function tallyAfterInsert(accountId: number, kind: number, bytes: number): Tally {
    const key = `${accountId}:${kind}`;
    const t = tallies.get(key);
    if (t !== undefined && t.since < RECOUNT_EVERY) {
      t.count += 1;
      t.bytes += bytes;
      t.since += 1;
      return t;
    }
    // Counted now, the new row included.
    const r = tallyRow.parse(countKind.get(accountId, kind));
    const fresh = { count: r.n, bytes: r.bytes, since: 0 };
    tallies.set(key, fresh);
    return fresh;
  }

  function trim(accountId: number, kind: number, t: Tally, events: number, bytes: number): number {
    if (t.count <= events && t.bytes <= bytes) return 0;
    // Past a limit, cut a sixteenth below it: the look-up of the oldest rows (which steps over
    // the other kind's) runs once in that many deliveries, not for each.
    const toEvents = events - Math.floor(events / SLACK);
    const toBytes = bytes - Math.floor(bytes / SLACK);
    let dropped = 0;
    while (t.count > toEvents || t.bytes > toBytes) {
      const chunk = Math.max(t.count - toEvents, 16);
      const oldest = oldestOfKind.all(accountId, kind, chunk).map((r) => sizedRow.parse(r));
      if (oldest.length === 0) break;
      for (const row of oldest) {
        if (t.count <= toEvents && t.bytes <= toBytes) break;
        deleteOne.run(row.id);
        t.count -= 1;
        t.bytes -= row.size;
        dropped += 1;
      }
    }
    return dropped;
  }

  return {
    added(accountId, readable, bytes, keep) {
      const kind = readable ? 1 : 0;
      const t = tallyAfterInsert(accountId, kind, bytes);
      return readable
        ? trim(accountId, kind, t, keep.readableEvents, keep.readableBytes)
        : trim(accountId, kind, t, keep.events, keep.bytes);
    },
    forget(accountId) {
      if (accountId === undefined) return tallies.clear();
      tallies.delete(`${accountId}:0`);
      tallies.delete(`${accountId}:1`);
    },
  };
}
