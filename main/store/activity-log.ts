// The activity log's reads: received webhook events (quarantined ones too), sync runs and the
// lines other services log. The desk merges the three sources into one page.
import type { Database, Statement } from 'better-sqlite3';
import { z } from 'zod';
import type {
  ActivityEvent,
  ActivityKind,
  ActivitySync,
  EventDetail,
} from '../../preload/contract';
import { activityEntry, type ActivityEntry } from './activity';
import { eventColumns } from './events';
import { readJson } from './json';
import { syncRunSummary } from './sync-runs';

const EVENT_COLUMNS = `id, received_at, event_type, session_id, verification, reason,
  processed_at, process_error, fulfillment_id`;

// What a page of the log shows of an event: everything but its body and headers.
const eventSummary = eventColumns
  .pick({
    id: true,
    received_at: true,
    event_type: true,
    session_id: true,
    verification: true,
    reason: true,
    processed_at: true,
    process_error: true,
    fulfillment_id: true,
  })
  .transform((r): ActivityEvent => ({
    id: r.id,
    receivedAt: r.received_at,
    eventType: r.event_type,
    sessionId: r.session_id,
    verification: r.verification,
    reason: r.reason,
    processedAt: r.processed_at,
    processError: r.process_error,
    fulfillmentId: r.fulfillment_id,
    canReprocess:
      r.verification !== 'invalid' && (r.process_error !== null || r.processed_at === null),
  }));

const pageRow = z.object({ id: z.number().int(), at: z.string() });
const countRow = z.object({ n: z.number().int() });
const detailRow = z.object({ body: z.string(), headers_json: z.string() });
const headerValues = z.record(z.string(), z.unknown());

/**
 * A log source: one of the three kinds, or 'attention', the events the merged log still shows
 * (quarantined, failed, or not processed yet). An event processed cleanly wrote its own line in
 * the same transaction (main/receiver), which says it in the merchant's words.
 */
export type ActivitySource = ActivityKind | 'attention';

export interface ActivityLogRepo {
  /** The newest `limit` entries of one source, newest first, as (id, time). */
  newest(
    source: ActivitySource,
    accountId: number,
    limit: number,
  ): Array<{ id: number; at: string }>;
  count(source: ActivitySource, accountId: number): number;
  event(accountId: number, id: number): ActivityEvent | undefined;
  eventDetail(accountId: number, id: number): EventDetail | undefined;
  /** By id alone: ids come from `newest`, which already kept to one account. */
  eventById(id: number): ActivityEvent;
  syncById(id: number): ActivitySync;
  logById(id: number): ActivityEntry;
}

export function createActivityLogRepo(db: Database): ActivityLogRepo {
  // Each source is read newest first through its own (account_id, time DESC) index and only
  // as deep as the page needs. A UNION ALL ... ORDER BY would sort every row of the log (an
  // event and a log line per sale) for each page.
  const attention = 'account_id = ? AND (processed_at IS NULL OR process_error IS NOT NULL)';
  const sources: Record<ActivitySource, { newest: Statement; count: Statement }> = {
    event: {
      newest: db.prepare(`SELECT id, received_at AS at FROM webhook_events WHERE account_id = ?
        ORDER BY received_at DESC, id DESC LIMIT ?`),
      count: db.prepare('SELECT count(*) AS n FROM webhook_events WHERE account_id = ?'),
    },
    attention: {
      newest: db.prepare(`SELECT id, received_at AS at FROM webhook_events WHERE ${attention}
        ORDER BY received_at DESC, id DESC LIMIT ?`),
      count: db.prepare(`SELECT count(*) AS n FROM webhook_events WHERE ${attention}`),
    },
    sync: {
      newest: db.prepare(`SELECT id, started_at AS at FROM sync_runs WHERE account_id = ?
        ORDER BY started_at DESC, id DESC LIMIT ?`),
      count: db.prepare('SELECT count(*) AS n FROM sync_runs WHERE account_id = ?'),
    },
    log: {
      newest: db.prepare(
        'SELECT id, at FROM activity WHERE account_id = ? ORDER BY at DESC, id DESC LIMIT ?',
      ),
      count: db.prepare('SELECT count(*) AS n FROM activity WHERE account_id = ?'),
    },
  };
  const eventById = db.prepare(`SELECT ${EVENT_COLUMNS} FROM webhook_events WHERE id = ?`);
  const eventOf = db.prepare(
    `SELECT ${EVENT_COLUMNS} FROM webhook_events WHERE account_id = ? AND id = ?`,
  );
  const detailOf = db.prepare(
    `SELECT ${EVENT_COLUMNS}, body, headers_json FROM webhook_events WHERE account_id = ? AND id = ?`,
  );
  const syncById = db.prepare('SELECT * FROM sync_runs WHERE id = ?');
  const logById = db.prepare('SELECT * FROM activity WHERE id = ?');
  return {
    newest: (kind, accountId, limit) =>
      sources[kind].newest.all(accountId, limit).map((r) => pageRow.parse(r)),
    count: (kind, accountId) => countRow.parse(sources[kind].count.get(accountId)).n,
    event(accountId, id) {
      const row = eventOf.get(accountId, id);
      return row === undefined ? undefined : eventSummary.parse(row);
    },
    eventDetail(accountId, id) {
      const row = detailOf.get(accountId, id);
      if (row === undefined) return undefined;
      const { body, headers_json } = detailRow.parse(row);
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(readJson(headers_json, headerValues, {}))) {
        headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
      }
      return { ...eventSummary.parse(row), body, headers };
    },
    eventById: (id) => eventSummary.parse(eventById.get(id)),
    syncById: (id) => syncRunSummary.parse(syncById.get(id)),
    logById: (id) => activityEntry.parse(logById.get(id)),
  };
}
