// The activity log: received webhook events (quarantined ones too), sync runs and the
// happenings other services log, merged newest first and paged in SQL.
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import type {
  ActivityEvent,
  ActivityItem,
  ActivityKind,
  ActivitySync,
  EventDetail,
} from '../../preload/contract';

const eventRow = z.object({
  id: z.number(),
  received_at: z.string(),
  event_type: z.string().nullable(),
  session_id: z.number().nullable(),
  verification: z.enum(['valid', 'invalid', 'confirmed']),
  reason: z.string().nullable(),
  processed_at: z.string().nullable(),
  process_error: z.string().nullable(),
  fulfillment_id: z.number().nullable(),
});
const EVENT_COLUMNS = `id, received_at, event_type, session_id, verification, reason,
  processed_at, process_error, fulfillment_id`;

const syncRow = z.object({
  id: z.number(),
  started_at: z.string(),
  finished_at: z.string().nullable(),
  sessions_seen: z.number(),
  sessions_updated: z.number(),
  fulfillments_added: z.number(),
  webhook_recreated: z.number(),
  api_calls: z.number(),
  error: z.string().nullable(),
});

const logRow = z.object({
  id: z.number(),
  at: z.string(),
  kind: z.string(),
  message: z.string(),
  detail_json: z.string(),
});

export function toActivityEvent(raw: unknown): ActivityEvent {
  const r = eventRow.parse(raw);
  const verified = r.verification !== 'invalid';
  return {
    id: r.id,
    receivedAt: r.received_at,
    eventType: r.event_type,
    sessionId: r.session_id,
    verification: r.verification,
    reason: r.reason,
    processedAt: r.processed_at,
    processError: r.process_error,
    fulfillmentId: r.fulfillment_id,
    canReprocess: verified && (r.process_error !== null || r.processed_at === null),
  };
}

export function eventMessage(e: ActivityEvent): string {
  const what = e.eventType ?? 'Unreadable event';
  const session = e.sessionId === null ? '' : ` for session ${e.sessionId}`;
  if (e.verification === 'invalid') {
    return `Quarantined ${what}${session}: ${e.reason ?? 'the signature did not match'}.`;
  }
  const how = e.verification === 'confirmed' ? ' (confirmed through the API)' : '';
  if (e.processError) return `${what}${session}${how} could not be processed: ${e.processError}`;
  if (e.processedAt === null) return `${what}${session}${how} received, not processed yet.`;
  return `${what}${session}${how} received.`;
}

function toSync(raw: unknown): ActivitySync {
  const r = syncRow.parse(raw);
  return {
    id: r.id,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    sessionsSeen: r.sessions_seen,
    sessionsUpdated: r.sessions_updated,
    fulfillmentsAdded: r.fulfillments_added,
    webhookRecreated: r.webhook_recreated === 1,
    apiCalls: r.api_calls,
    error: r.error,
  };
}

function syncMessage(s: ActivitySync): string {
  if (s.error) return `Sync failed: ${s.error}`;
  if (s.finishedAt === null) return 'Sync running…';
  const sales = s.fulfillmentsAdded === 1 ? '1 sale' : `${s.fulfillmentsAdded} sales`;
  const recreated = s.webhookRecreated ? '; webhook re-created' : '';
  return `Sync: ${s.sessionsSeen} sessions checked, ${s.sessionsUpdated} updated, ${sales} added${recreated}.`;
}

function parseDetail(json: string): Record<string, unknown> {
  try {
    const parsed = z.record(z.string(), z.unknown()).safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

// Each source is read newest first through its own (account_id, time DESC) index and only
// as deep as the page needs; the pages are merged here. A UNION ALL ... ORDER BY would sort
// every row of the log (an event and a log line per sale) for each page.
const SOURCES: Record<ActivityKind, { page: string; count: string }> = {
  event: {
    page: `SELECT id, received_at AS at FROM webhook_events WHERE account_id = ?
           ORDER BY received_at DESC, id DESC LIMIT ?`,
    count: `SELECT count(*) AS n FROM webhook_events WHERE account_id = ?`,
  },
  sync: {
    page: `SELECT id, started_at AS at FROM sync_runs WHERE account_id = ?
           ORDER BY started_at DESC, id DESC LIMIT ?`,
    count: `SELECT count(*) AS n FROM sync_runs WHERE account_id = ?`,
  },
  log: {
    page: `SELECT id, at FROM activity WHERE account_id = ? ORDER BY at DESC, id DESC LIMIT ?`,
    count: `SELECT count(*) AS n FROM activity WHERE account_id = ?`,
  },
};

function newestFirst(
  a: { kind: ActivityKind; id: number; at: string },
  b: { kind: ActivityKind; id: number; at: string },
): number {
  if (a.at !== b.at) return a.at < b.at ? 1 : -1;
  if (a.kind !== b.kind) return a.kind < b.kind ? -1 : 1;
  return b.id - a.id;
}

export function listActivity(
  db: Database,
  accountId: number,
  q: { kind?: ActivityKind | undefined; limit: number; offset: number },
): { items: ActivityItem[]; total: number } {
  const kinds = q.kind ? [q.kind] : (Object.keys(SOURCES) as ActivityKind[]);
  const depth = q.offset + q.limit;
  let total = 0;
  const rows: Array<{ kind: ActivityKind; id: number; at: string }> = [];
  for (const kind of kinds) {
    total += (db.prepare(SOURCES[kind].count).get(accountId) as { n: number }).n;
    const found = db.prepare(SOURCES[kind].page).all(accountId, depth) as Array<{
      id: number;
      at: string;
    }>;
    for (const r of found) rows.push({ kind, id: r.id, at: r.at });
  }
  const page = rows.sort(newestFirst).slice(q.offset, depth);
  const getEvent = db.prepare(`SELECT ${EVENT_COLUMNS} FROM webhook_events WHERE id = ?`);
  const getSync = db.prepare(`SELECT * FROM sync_runs WHERE id = ?`);
  const getLog = db.prepare(`SELECT id, at, kind, message, detail_json FROM activity WHERE id = ?`);
  const items = page.map(({ kind, id }): ActivityItem => {
    if (kind === 'event') {
      const event = toActivityEvent(getEvent.get(id));
      return {
        key: `event:${id}`,
        kind,
        at: event.receivedAt,
        message: eventMessage(event),
        event,
      };
    }
    if (kind === 'sync') {
      const sync = toSync(getSync.get(id));
      return { key: `sync:${id}`, kind, at: sync.startedAt, message: syncMessage(sync), sync };
    }
    const r = logRow.parse(getLog.get(id));
    return {
      key: `log:${id}`,
      kind: 'log',
      at: r.at,
      message: r.message,
      logKind: r.kind,
      detail: parseDetail(r.detail_json),
    };
  });
  return { items, total };
}

export function getActivityEvent(
  db: Database,
  accountId: number,
  id: number,
): ActivityEvent | null {
  const row = db
    .prepare(`SELECT ${EVENT_COLUMNS} FROM webhook_events WHERE account_id = ? AND id = ?`)
    .get(accountId, id);
  return row === undefined ? null : toActivityEvent(row);
}

export function getEventDetail(db: Database, accountId: number, id: number): EventDetail | null {
  const row = db
    .prepare(
      `SELECT ${EVENT_COLUMNS}, body, headers_json FROM webhook_events WHERE account_id = ? AND id = ?`,
    )
    .get(accountId, id) as { body: string; headers_json: string } | undefined;
  if (row === undefined) return null;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(parseDetail(row.headers_json))) {
    headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return { ...toActivityEvent(row), body: row.body, headers };
}
