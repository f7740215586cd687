// Raw webhook deliveries, committed before the receiver answers 200 (docs/quaderno-api.md:
// Quaderno retries once and then deletes the subscription, and events carry no id).
import { hash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { systemNow } from './clock';
import { createHeldEventsRepo, type HeldEventsRepo } from './held-events';
import { readJson } from './json';
import {
  createQuarantineTrim,
  quarantineLimits,
  type QuarantineLimits,
  type QuarantineResult,
} from './quarantine';

export {
  QUARANTINE_BYTES,
  QUARANTINE_LIMIT,
  READABLE_BYTES,
  READABLE_LIMIT,
  type QuarantineLimits,
  type QuarantineResult,
} from './quarantine';
export { KEY_UNREADABLE_REASON, type HeldEvent } from './held-events';

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

export interface QuarantineRequest {
  event: NewEvent & { reason: string };
  keep?: QuarantineLimits;
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

export interface EventsRepo extends HeldEventsRepo {
  /** Stores a verified event once: the same body or business key again is a duplicate. */
  insertVerified(e: NewEvent): { id: number; duplicate: boolean };
  /** insertVerified for a batch, in one transaction (one commit for all of them). */
  insertVerifiedMany(list: NewEvent[]): Array<{ id: number; duplicate: boolean }>;
  /**
   * Keeps an event that failed the signature check. Junk (no `eventType`) and readable events
   * each keep only their newest per account, within limits of their own (store/quarantine.ts),
   * so junk never pushes out an event that may be real.
   */
  quarantine(e: NewEvent & { reason: string }, keep?: QuarantineLimits): QuarantineResult;
  /** quarantine for a batch, in one transaction (the receiver's group commit). */
  quarantineMany(list: QuarantineRequest[]): QuarantineResult[];
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
  /** When the account's newest stored event arrived (one probe of webhook_events_received). */
  newestReceivedAt(accountId: number): string | null;
}

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
  const trim = createQuarantineTrim(db);
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
  const newestReceived = db
    .prepare('SELECT max(received_at) FROM webhook_events WHERE account_id = ?')
    .pluck();
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
  // it is stored without the key, and found again by its body. A session's checkout event of one
  // type is one outcome, so another body for it stays a duplicate (its sale was recorded once);
  // a refund naming the session is not (a second partial refund of the sale).
  const oneOutcome = (e: NewEvent): boolean =>
    e.eventType !== null &&
    e.eventType.startsWith('checkout.') &&
    e.businessKey === `${e.eventType}:session:${e.sessionId}`;
  const anotherOfItsKey = (e: NewEvent, stored: { sha: string }, sha: string): boolean =>
    stored.sha !== sha && !oneOutcome(e);
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
    trim.forget(e.accountId);
    return { id: sameBody.id, duplicate: false };
  };
  const insertVerified = db.transaction(insertOne);
  const insertVerifiedMany = db.transaction((list: NewEvent[]) => list.map(insertOne));

  // No transaction of its own, as insertOne.
  const quarantineOne = (
    e: NewEvent & { reason: string },
    keep: Required<QuarantineLimits>,
  ): QuarantineResult => {
    const p = params(e, 'invalid', e.reason);
    const sameBody = byBody.get(e.accountId, p.sha);
    if (sameBody) return { id: idRow.parse(sameBody).id, dropped: 0, droppedReadable: 0 };
    // The very body already stored as a verified event (a replay with a bad signature).
    const stored = sameKeyOf(e);
    if (stored && stored.sha === p.sha) return { id: stored.id, dropped: 0, droppedReadable: 0 };
    const id = insert(p);
    const readable = e.eventType !== null;
    const dropped = trim.added(e.accountId, readable, Buffer.byteLength(p.body), keep);
    return { id, dropped, droppedReadable: readable ? dropped : 0 };
  };
  const quarantine = db.transaction(quarantineOne);
  const quarantineMany = db.transaction((list: QuarantineRequest[]) =>
    list.map((q) => quarantineOne(q.event, quarantineLimits(q.keep))),
  );
  // A transaction rolled back: the tallies may count what it undid.
  const forgetOnFailure =
    <A extends unknown[], T>(run: (...args: A) => T) =>
    (...args: A): T => {
      try {
        return run(...args);
      } catch (error) {
        trim.forget();
        throw error;
      }
    };
  const get = (id: number): StoredEvent | undefined => {
    const raw = selectOne.get(id);
    return raw === undefined ? undefined : eventRecord.parse(raw);
  };

  const confirm = db.transaction((id: number): boolean => {
    const e = get(id);
    if (!e || e.verification !== 'invalid') return false;
    if (e.businessKey !== null && byKey.get(e.accountId, e.businessKey)) return false;
    promoteConfirmed.run(id);
    trim.forget(e.accountId);
    return true;
  });

  const held = createHeldEventsRepo(db, now);

  return {
    heldForKey: held.heldForKey,
    setReason: held.setReason,
    settleKnownSales(accountId, limit) {
      const settled = held.settleKnownSales(accountId, limit);
      if (settled > 0) trim.forget(accountId);
      return settled;
    },
    insertVerified: (e) => insertVerified.immediate(e),
    insertVerifiedMany: (list) => insertVerifiedMany.immediate(list),
    quarantine: forgetOnFailure((e, keep) => quarantine.immediate(e, quarantineLimits(keep))),
    quarantineMany: forgetOnFailure((list) => quarantineMany.immediate(list)),
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
    newestReceivedAt(accountId) {
      return z.string().nullable().parse(newestReceived.get(accountId));
    },
  };
}
