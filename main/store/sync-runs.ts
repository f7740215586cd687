// Reconciliation runs: what each run saw and did, and where the next one may stop.
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import type { ActivitySync, SyncResult } from '../../preload/contract';
import { systemNow } from './clock';
import { readJson } from './json';

/** The error of a run its caller stopped (live restarted, the console closed): not a failure. */
export const SYNC_STOPPED =
  'Stopped before it finished (live restarted, or Checkout Console closed); the next check covers it.';

/** Newest session id seen per Quaderno status. */
export type SyncCursors = Partial<Record<string, number>>;

export interface SyncRunRow extends SyncResult {
  id: number;
  accountId: number;
  error: string | null;
  cursors: SyncCursors;
}

export interface SyncRunsRepo {
  start(accountId: number): number;
  finish(id: number, result: Omit<SyncResult, 'startedAt'> & { cursors: SyncCursors }): void;
  fail(
    id: number,
    error: string,
    partial: Partial<Omit<SyncResult, 'startedAt'>> & { cursors?: SyncCursors },
  ): void;
  /** Newest finished, successful run. */
  lastSuccessful(accountId: number): SyncRunRow | undefined;
  /**
   * The cursors of the newest finished run that recorded any, failed runs included: a run that
   * fails on one listing still moves on what it finished (sync/index.ts).
   */
  lastCursors(accountId: number): SyncCursors;
  /** Newest run, successful or not (for "last sync" in the status strip). */
  last(accountId: number): SyncRunRow | undefined;
  list(accountId: number, limit: number): SyncRunRow[];
}

const cursorsSchema = z.record(z.string(), z.number().int());
const lastCursorsRow = z.object({ cursors_json: z.string() }).optional();

/** A sync_runs row, declared once for every read of the table. */
export const syncRunColumns = z.object({
  id: z.number().int(),
  account_id: z.number().int(),
  started_at: z.string(),
  finished_at: z.string().nullable(),
  sessions_seen: z.number().int(),
  sessions_updated: z.number().int(),
  fulfillments_added: z.number().int(),
  webhook_recreated: z.number().int(),
  api_calls: z.number().int(),
  cursors_json: z.string(),
  error: z.string().nullable(),
});

type SyncRunColumns = z.infer<typeof syncRunColumns>;

/** A run as the activity log shows it: one still running has no finishedAt. */
function toSummary(r: SyncRunColumns): ActivitySync {
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

export const syncRunSummary = syncRunColumns.transform(toSummary);

const runRecord = syncRunColumns.transform((r): SyncRunRow => {
  const summary = toSummary(r);
  return {
    ...summary,
    accountId: r.account_id,
    finishedAt: summary.finishedAt ?? summary.startedAt,
    cursors: readJson(r.cursors_json, cursorsSchema, {}),
  };
});

export function createSyncRunsRepo(db: Database, now: () => string = systemNow): SyncRunsRepo {
  const insert = db.prepare('INSERT INTO sync_runs (account_id, started_at) VALUES (?, ?)');
  const update = db.prepare(
    `UPDATE sync_runs SET finished_at = @finishedAt, sessions_seen = @sessionsSeen,
       sessions_updated = @sessionsUpdated, fulfillments_added = @fulfillmentsAdded,
       webhook_recreated = @webhookRecreated, api_calls = @apiCalls, cursors_json = @cursors,
       error = @error
     WHERE id = @id`,
  );
  const selectLastOk = db.prepare(
    `SELECT * FROM sync_runs WHERE account_id = ? AND finished_at IS NOT NULL AND error IS NULL
     ORDER BY id DESC LIMIT 1`,
  );
  // Runs from before failed runs kept cursors recorded '{}': those are passed over.
  const selectLastCursors = db.prepare(
    `SELECT cursors_json FROM sync_runs WHERE account_id = ? AND finished_at IS NOT NULL
       AND cursors_json <> '{}' ORDER BY id DESC LIMIT 1`,
  );
  const selectList = db.prepare(
    'SELECT * FROM sync_runs WHERE account_id = ? ORDER BY id DESC LIMIT ?',
  );
  const row = (raw: unknown) => (raw === undefined ? undefined : runRecord.parse(raw));

  return {
    start(accountId) {
      return Number(insert.run(accountId, now()).lastInsertRowid);
    },
    finish(id, r) {
      update.run({
        id,
        finishedAt: r.finishedAt,
        sessionsSeen: r.sessionsSeen,
        sessionsUpdated: r.sessionsUpdated,
        fulfillmentsAdded: r.fulfillmentsAdded,
        webhookRecreated: r.webhookRecreated ? 1 : 0,
        apiCalls: r.apiCalls,
        cursors: JSON.stringify(r.cursors),
        error: null,
      });
    },
    fail(id, error, p) {
      update.run({
        id,
        finishedAt: p.finishedAt ?? now(),
        sessionsSeen: p.sessionsSeen ?? 0,
        sessionsUpdated: p.sessionsUpdated ?? 0,
        fulfillmentsAdded: p.fulfillmentsAdded ?? 0,
        webhookRecreated: p.webhookRecreated ? 1 : 0,
        apiCalls: p.apiCalls ?? 0,
        cursors: JSON.stringify(p.cursors ?? {}),
        error,
      });
    },
    lastSuccessful: (accountId) => row(selectLastOk.get(accountId)),
    lastCursors(accountId) {
      const found = lastCursorsRow.parse(selectLastCursors.get(accountId));
      return found ? readJson(found.cursors_json, cursorsSchema, {}) : {};
    },
    last: (accountId) => row(selectList.get(accountId, 1)),
    list: (accountId, limit) => selectList.all(accountId, limit).map((r) => runRecord.parse(r)),
  };
}
