// The merchant-facing log: events received or refused, status changes, sync runs.
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { systemNow } from './clock';
import { readJson } from './json';

export interface ActivityEntry {
  id: number;
  accountId: number | null;
  at: string;
  kind: string;
  message: string;
  detail: Record<string, unknown>;
}

export interface ActivityRepo {
  add(
    accountId: number | null,
    kind: string,
    message: string,
    detail?: Record<string, unknown>,
  ): number;
  list(
    accountId: number,
    q: { limit: number; offset: number; kind?: string },
  ): { items: ActivityEntry[]; total: number };
}

const detailRecord = z.record(z.string(), z.unknown());
const countRow = z.object({ n: z.number().int() });

/** An activity row in the repo's shape, for every read of the table. */
export const activityEntry = z
  .object({
    id: z.number().int(),
    account_id: z.number().int().nullable(),
    at: z.string(),
    kind: z.string(),
    message: z.string(),
    detail_json: z.string(),
  })
  .transform((r): ActivityEntry => ({
    id: r.id,
    accountId: r.account_id,
    at: r.at,
    kind: r.kind,
    message: r.message,
    detail: readJson(r.detail_json, detailRecord, {}),
  }));

export function createActivityRepo(db: Database, now: () => string = systemNow): ActivityRepo {
  const where = 'account_id = ? AND (? IS NULL OR kind = ?)';
  const countSome = db.prepare(`SELECT count(*) AS n FROM activity WHERE ${where}`);
  const selectSome = db.prepare(
    `SELECT * FROM activity WHERE ${where} ORDER BY at DESC, id DESC LIMIT ? OFFSET ?`,
  );
  // No RETURNING: the new row's id is lastInsertRowid, and RETURNING (an ephemeral table per
  // statement) cost a third of each line; processing writes one line per sale.
  const insert = db.prepare(
    'INSERT INTO activity (account_id, at, kind, message, detail_json) VALUES (?, ?, ?, ?, ?)',
  );
  return {
    add(accountId, kind, message, detail = {}) {
      const r = insert.run(accountId, now(), kind, message, JSON.stringify(detail));
      return Number(r.lastInsertRowid);
    },
    list(accountId, q) {
      const args = [accountId, q.kind ?? null, q.kind ?? null];
      const total = countRow.parse(countSome.get(...args)).n;
      const items = selectSome.all(...args, q.limit, q.offset).map((r) => activityEntry.parse(r));
      return { items, total };
    },
  };
}
