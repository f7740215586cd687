// Raw webhook deliveries, committed before the receiver answers 200 (docs/quaderno-api.md:
// Quaderno retries once and then deletes the subscription, and events carry no id).
import { hash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { systemNow } from './clock';
import { readJson } from './json';

export type Verification = 'valid' | 'invalid' | 'confirmed';

export interface NewEvent {
  accountId: number;
  body: string;
  headers: Record<string, string>;
  eventType: string | null;
  sessionId: number | null;
  businessKey: string | null;
  receivedAt?: string;
}

export interface StoredEvent {
  id: number;
  accountId: number;
  receivedAt: string;
  body: string;
  bodySha256: string;
  headers: Record<string, string>;
  eventType: string | null;
  sessionId: number | null;
  businessKey: string | null;
  verification: Verification;
  reason: string | null;
  processedAt: string | null;
  processError: string | null;
  fulfillmentId: number | null;
}

/** What turning an event into a sale reads of it (no headers: processing never looks at them). */
export type ProcessableEvent = Pick<
  StoredEvent,
  'id' | 'accountId' | 'receivedAt' | 'body' | 'verification'
>;

export interface EventsRepo {
  /** Stores a verified event once: the same body or business key again is a duplicate. */
  insertVerified(e: NewEvent): { id: number; duplicate: boolean };
  /** insertVerified for a batch, in one transaction (one commit for all of them). */
  insertVerifiedMany(list: NewEvent[]): Array<{ id: number; duplicate: boolean }>;
  /**
   * Keeps an event that failed the signature check. Junk (no `eventType`: the receiver stores
   * none for a body it cannot read as a Quaderno event) and readable events each keep only
   * their newest per account, within limits of their own (`keep`: QUARANTINE_LIMIT events and
   * QUARANTINE_BYTES for junk, READABLE_LIMIT and READABLE_BYTES for the others), so junk
   * never pushes out an event that may be real. `dropped`: older ones deleted to make room,
   * `droppedReadable` of them readable events.
   */
  quarantine(e: NewEvent & { reason: string }, keep?: QuarantineLimits): QuarantineResult;
  /** Promotes a quarantined event the API confirmed; false if it is gone or a duplicate. */
  confirm(id: number): boolean;
  markProcessed(id: number, result: { fulfillmentId?: number | null; error?: string | null }): void;
  /** Processing failed for a reason that may pass (the event stays unprocessed). */
  markFailed(id: number, error: string): void;
  get(id: number): StoredEvent | undefined;
  /**
   * The columns processing reads, for each event it turns into a sale: get() also parsed the
   * stored headers (a JSON object of a dozen strings, validated) that processing never uses.
   */
  getProcessable(id: number): ProcessableEvent | undefined;
  /** True for a stored event whose processing has not finished (cheaper than get). */
  isUnprocessed(id: number): boolean;
  list(
    accountId: number,
    q: { limit: number; offset: number; verification?: Verification },
  ): { items: StoredEvent[]; total: number };
  /** Verified events whose processing has not finished, oldest first (all accounts if omitted). */
  unprocessed(accountId?: number): number[];
  /** Up to `limit` unprocessed verified events with an id above `afterId`, oldest first. */
  unprocessedAfter(afterId: number, limit: number): Array<{ eventId: number; accountId: number }>;
  count(accountId: number, verification?: Verification): number;
}

/** How many quarantined junk bodies each account keeps. */
export const QUARANTINE_LIMIT = 1000;
/** How many bytes of quarantined junk each account keeps (unsigned bodies cost disk). */
export const QUARANTINE_BYTES = 16 * 1024 * 1024;
/**
 * How many quarantined readable events each account keeps, and their bytes. Real deliveries
 * land here when no signature scheme matches them, and all of them while the keychain is
 * locked (docs/quaderno-api.md, "Where the real service differs"); a forger with the hook URL
 * can fill it too, so it is bounded, and what it sheds is told like the junk.
 */
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
  dropped: number;
  droppedReadable: number;
}

/** A kind's quarantined rows as this connection last counted them, kept up to date. */
interface Tally {
  count: number;
  bytes: number;
  /** Quarantines since the last count: recounted now and then (see RECOUNT_EVERY). */
  since: number;
}
/**
 * Another connection (the insert worker) may promote a quarantined row that later verifies;
 * the tally then counts one too many, which can only trim early. A recount now and then (an
 * indexed read of one kind's rows) keeps that from adding up.
 */
const RECOUNT_EVERY = 1024;

export function sha256(text: string): string {
  // One-shot: half the CPU of createHash().update().digest() for a delivery's body, same digest.
  return hash('sha256', text, 'hex');
}

const headersSchema = z.record(z.string(), z.string());

/** A webhook_events row, declared once for every read of the table. */
export const eventColumns = z.object({
  id: z.number().int(),
  account_id: z.number().int(),
  received_at: z.string(),
  body: z.string(),
  body_sha256: z.string(),
  headers_json: z.string(),
  event_type: z.string().nullable(),
  session_id: z.number().int().nullable(),
  business_key: z.string().nullable(),
  verification: z.enum(['valid', 'invalid', 'confirmed']),
  reason: z.string().nullable(),
  processed_at: z.string().nullable(),
  process_error: z.string().nullable(),
  fulfillment_id: z.number().int().nullable(),
});

const eventRecord = eventColumns.transform((r): StoredEvent => ({
  id: r.id,
  accountId: r.account_id,
  receivedAt: r.received_at,
  body: r.body,
  bodySha256: r.body_sha256,
  headers: readJson(r.headers_json, headersSchema, {}),
  eventType: r.event_type,
  sessionId: r.session_id,
  businessKey: r.business_key,
  verification: r.verification,
  reason: r.reason,
  processedAt: r.processed_at,
  processError: r.process_error,
  fulfillmentId: r.fulfillment_id,
}));

const processableRecord = eventColumns
  .pick({ id: true, account_id: true, received_at: true, body: true, verification: true })
  .transform((r): ProcessableEvent => ({
    id: r.id,
    accountId: r.account_id,
    receivedAt: r.received_at,
    body: r.body,
    verification: r.verification,
  }));

const idRow = z.object({ id: z.number().int() });
const sizedRow = z.object({ id: z.number().int(), size: z.number().int() });
const tallyRow = z.object({ n: z.number().int(), bytes: z.number().int() });
const countRow = z.object({ n: z.number().int() });

export function createEventsRepo(db: Database, now: () => string = systemNow): EventsRepo {
  // No RETURNING: the new row's id is lastInsertRowid, and RETURNING cost as much as the rest
  // of the insert (an ephemeral table per statement).
  // Positional parameters: better-sqlite3 binds a named one by looking its name up on the
  // object, which cost ~1.4 us of a ~15 us insert in a micro-benchmark.
  const insertRow = db.prepare(
    `INSERT INTO webhook_events (account_id, received_at, body, body_sha256, headers_json,
       event_type, session_id, business_key, verification, reason)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT DO NOTHING`,
  );
  const insertNew = (p: ReturnType<typeof params>) =>
    insertRow.run(
      p.accountId,
      p.receivedAt,
      p.body,
      p.sha,
      p.headers,
      p.eventType,
      p.sessionId,
      p.businessKey,
      p.verification,
      p.reason,
    );
  const insert = (p: ReturnType<typeof params>): number => {
    const r = insertNew(p);
    if (r.changes !== 1) throw new Error('webhook event insert conflicted unexpectedly');
    return Number(r.lastInsertRowid);
  };
  // The body-hash index holds only quarantined and keyless events (migration 003): a verified
  // event with a business key is found by its key, which the same body always yields.
  const byBody = db.prepare(
    `SELECT id, verification FROM webhook_events WHERE account_id = ? AND body_sha256 = ?
       AND (business_key IS NULL OR verification = 'invalid')`,
  );
  const byKey = db.prepare(
    `SELECT id, body_sha256 AS sha FROM webhook_events WHERE account_id = ? AND business_key = ?
       AND verification IN ('valid', 'confirmed')`,
  );
  const promote = db.prepare(
    `UPDATE webhook_events SET verification = @verification, reason = NULL, processed_at = NULL,
       process_error = NULL, received_at = @receivedAt, headers_json = @headers,
       business_key = @businessKey
     WHERE id = @id`,
  );
  // One kind of quarantined rows (`event_type IS NOT NULL`: readable), through schema 18's
  // index. octet_length reads a body's size from its record header, not the body itself.
  const kindOf = `account_id = ? AND verification = 'invalid' AND (event_type IS NOT NULL) = ?`;
  const countKind = db.prepare(
    `SELECT count(*) AS n, coalesce(sum(octet_length(body)), 0) AS bytes FROM webhook_events
     WHERE ${kindOf}`,
  );
  const oldestOfKind = db.prepare(
    `SELECT id, octet_length(body) AS size FROM webhook_events WHERE ${kindOf}
     ORDER BY id LIMIT ?`,
  );
  const deleteOne = db.prepare('DELETE FROM webhook_events WHERE id = ?');
  const setProcessed = db.prepare(
    `UPDATE webhook_events SET processed_at = ?, process_error = ?, fulfillment_id = ?
     WHERE id = ?`,
  );
  const setFailed = db.prepare('UPDATE webhook_events SET process_error = ? WHERE id = ?');
  const promoteConfirmed = db.prepare(
    "UPDATE webhook_events SET verification = 'confirmed', processed_at = NULL WHERE id = ?",
  );
  const countStmt = db.prepare(
    'SELECT count(*) AS n FROM webhook_events WHERE account_id = ? AND (? IS NULL OR verification = ?)',
  );
  const selectOne = db.prepare('SELECT * FROM webhook_events WHERE id = ?');
  const selectProcessable = db.prepare(
    'SELECT id, account_id, received_at, body, verification FROM webhook_events WHERE id = ?',
  );
  const some = 'account_id = ? AND (? IS NULL OR verification = ?)';
  const countSome = db.prepare(`SELECT count(*) AS n FROM webhook_events WHERE ${some}`);
  const selectSome = db.prepare(
    `SELECT * FROM webhook_events WHERE ${some} ORDER BY id DESC LIMIT ? OFFSET ?`,
  );
  const selectUnprocessedOne = db
    .prepare('SELECT 1 FROM webhook_events WHERE id = ? AND processed_at IS NULL')
    .pluck();
  const selectUnprocessed = db.prepare(
    `SELECT id FROM webhook_events WHERE processed_at IS NULL
       AND verification IN ('valid', 'confirmed') AND (? IS NULL OR account_id = ?) ORDER BY id`,
  );
  const selectUnprocessedAfter = db.prepare(
    `SELECT id, account_id FROM webhook_events WHERE processed_at IS NULL AND id > ?
       AND verification IN ('valid', 'confirmed') ORDER BY id LIMIT ?`,
  );
  const workRow = z.object({ id: z.number().int(), account_id: z.number().int() });

  const params = (e: NewEvent, verification: Verification, reason: string | null) => ({
    accountId: e.accountId,
    receivedAt: e.receivedAt ?? now(),
    body: e.body,
    sha: sha256(e.body),
    headers: JSON.stringify(e.headers),
    eventType: e.eventType,
    sessionId: e.sessionId,
    businessKey: e.businessKey,
    verification,
    reason,
  });

  const sameKeyOf = (e: NewEvent): { id: number; sha: string } | undefined =>
    e.businessKey === null
      ? undefined
      : (byKey.get(e.accountId, e.businessKey) as { id: number; sha: string } | undefined);

  // A signed body of the same type about the same transaction that differs from the stored one
  // is another event (a second partial refund), not a redelivery, which carries the same body:
  // it is stored without the key, and found again by its body. A session's event of one type is
  // one outcome, so another body for it stays a duplicate (its sale was recorded once).
  const anotherOfItsKey = (e: NewEvent, stored: { sha: string }, sha: string): boolean =>
    stored.sha !== sha && e.businessKey !== `${e.eventType}:session:${e.sessionId}`;
  const keyless = (p: ReturnType<typeof params>) => ({ ...p, businessKey: null });

  // No transaction of its own: the callers wrap one (a savepoint per event in a batch of
  // deliveries cost more than the insert).
  const insertOne = (e: NewEvent): { id: number; duplicate: boolean } => {
    const p = params(e, 'valid', null);
    const sameBody = byBody.get(e.accountId, p.sha) as
      { id: number; verification: Verification } | undefined;
    if (sameBody === undefined) {
      // No row holds this body in the body index, so only the business key can conflict: the
      // key is looked up when the insert says so, not before every new event.
      const r = insertNew(p);
      if (r.changes === 1) return { id: Number(r.lastInsertRowid), duplicate: false };
      const sameKey = sameKeyOf(e);
      if (sameKey && anotherOfItsKey(e, sameKey, p.sha))
        return { id: insert(keyless(p)), duplicate: false };
      if (sameKey) return { id: sameKey.id, duplicate: true };
      throw new Error('webhook event insert conflicted unexpectedly');
    }
    if (sameBody.verification !== 'invalid') return { id: sameBody.id, duplicate: true };
    const sameKey = sameKeyOf(e);
    const another = sameKey !== undefined && anotherOfItsKey(e, sameKey, p.sha);
    if (sameKey && !another) return { id: sameKey.id, duplicate: true };
    // The same body was refused before (its webhook key was not known yet, say) and now
    // verifies: the quarantined row becomes the stored event.
    promote.run({ ...(another ? keyless(p) : p), id: sameBody.id });
    forgetTallies(e.accountId);
    return { id: sameBody.id, duplicate: false };
  };
  const insertVerified = db.transaction(insertOne);
  const insertVerifiedMany = db.transaction((list: NewEvent[]) => list.map(insertOne));

  // Per account and kind: the trim needs no count or sum per delivery, only a delete of the
  // oldest row once over the limit. Promotions and confirmations here forget the account's.
  const tallies = new Map<string, Tally>();
  const tallyOf = (accountId: number, readable: number): Tally => {
    const key = `${accountId}:${readable}`;
    let t = tallies.get(key);
    if (t === undefined || t.since >= RECOUNT_EVERY) {
      const r = tallyRow.parse(countKind.get(accountId, readable));
      t = { count: r.n, bytes: r.bytes, since: 0 };
      tallies.set(key, t);
    }
    return t;
  };
  const forgetTallies = (accountId: number): void => {
    tallies.delete(`${accountId}:0`);
    tallies.delete(`${accountId}:1`);
  };
  /** Deletes the kind's oldest rows until it is within `events` and `bytes`; how many went. */
  const trim = (accountId: number, readable: number, t: Tally, events: number, bytes: number) => {
    let dropped = 0;
    while (t.count > events || t.bytes > bytes) {
      const chunk = Math.max(t.count - events, 16);
      const oldest = oldestOfKind.all(accountId, readable, chunk).map((r) => sizedRow.parse(r));
      if (oldest.length === 0) break;
      for (const row of oldest) {
        if (t.count <= events && t.bytes <= bytes) break;
        deleteOne.run(row.id);
        t.count -= 1;
        t.bytes -= row.size;
        dropped += 1;
      }
    }
    return dropped;
  };

  const quarantine = db.transaction(
    (e: NewEvent & { reason: string }, keep: Required<QuarantineLimits>): QuarantineResult => {
      const p = params(e, 'invalid', e.reason);
      const sameBody = byBody.get(e.accountId, p.sha);
      if (sameBody) return { id: idRow.parse(sameBody).id, dropped: 0, droppedReadable: 0 };
      // The very body already stored as a verified event (a replay with a bad signature).
      const stored = sameKeyOf(e);
      if (stored && stored.sha === p.sha) return { id: stored.id, dropped: 0, droppedReadable: 0 };
      const readable = e.eventType === null ? 0 : 1;
      const t = tallyOf(e.accountId, readable); // counted before the insert it adds
      const id = insert(p);
      t.count += 1;
      t.bytes += Buffer.byteLength(p.body);
      t.since += 1;
      const dropped = readable
        ? trim(e.accountId, 1, t, keep.readableEvents, keep.readableBytes)
        : trim(e.accountId, 0, t, keep.events, keep.bytes);
      return { id, dropped, droppedReadable: readable ? dropped : 0 };
    },
  );
  const limitsOf = (keep: QuarantineLimits = {}): Required<QuarantineLimits> => ({
    events: keep.events ?? QUARANTINE_LIMIT,
    bytes: keep.bytes ?? QUARANTINE_BYTES,
    readableEvents: keep.readableEvents ?? READABLE_LIMIT,
    readableBytes: keep.readableBytes ?? READABLE_BYTES,
  });

  const get = (id: number): StoredEvent | undefined => {
    const raw = selectOne.get(id);
    return raw === undefined ? undefined : eventRecord.parse(raw);
  };

  const confirm = db.transaction((id: number): boolean => {
    const e = get(id);
    if (!e || e.verification !== 'invalid') return false;
    if (e.businessKey !== null && byKey.get(e.accountId, e.businessKey)) return false;
    promoteConfirmed.run(id);
    forgetTallies(e.accountId);
    return true;
  });

  return {
    insertVerified: (e) => insertVerified.immediate(e),
    insertVerifiedMany: (list) => insertVerifiedMany.immediate(list),
    quarantine(e, keep) {
      try {
        return quarantine.immediate(e, limitsOf(keep));
      } catch (error) {
        forgetTallies(e.accountId); // rolled back: the tally may count what was undone
        throw error;
      }
    },
    confirm: (id) => confirm.immediate(id),
    markProcessed(id, result) {
      setProcessed.run(now(), result.error ?? null, result.fulfillmentId ?? null, id);
    },
    markFailed(id, error) {
      setFailed.run(error, id);
    },
    get,
    getProcessable(id) {
      const raw = selectProcessable.get(id);
      return raw === undefined ? undefined : processableRecord.parse(raw);
    },
    isUnprocessed: (id) => selectUnprocessedOne.get(id) !== undefined,
    list(accountId, q) {
      const args = [accountId, q.verification ?? null, q.verification ?? null];
      const total = countRow.parse(countSome.get(...args)).n;
      const items = selectSome.all(...args, q.limit, q.offset).map((r) => eventRecord.parse(r));
      return { items, total };
    },
    unprocessed(accountId) {
      const a = accountId ?? null;
      return selectUnprocessed.all(a, a).map((r) => idRow.parse(r).id);
    },
    unprocessedAfter(afterId, limit) {
      return selectUnprocessedAfter
        .all(afterId, limit)
        .map((r) => workRow.parse(r))
        .map((r) => ({ eventId: r.id, accountId: r.account_id }));
    },
    count(accountId, verification) {
      const v = verification ?? null;
      return countRow.parse(countStmt.get(accountId, v, v)).n;
    },
  };
}
