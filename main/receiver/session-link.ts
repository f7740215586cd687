// The receiver's two touch points with the sessions table (owned by the links module).
// Kept behind these functions so they can move onto the sessions repo without touching
// the processing logic.
import type { Database, Statement } from 'better-sqlite3';
import { z } from 'zod';

export type WebhookSessionStatus = 'completed' | 'failed' | 'abandoned';

// Events can arrive out of order (a retry of "abandoned" after the sale): a completed or
// deleted session never moves back.
const FINAL = ['completed', 'deleted'];

const cache = new WeakMap<Database, { update: Statement; items: Statement }>();
function statements(db: Database) {
  let s = cache.get(db);
  if (!s) {
    const placeholders = FINAL.map(() => '?').join(', ');
    s = {
      update: db.prepare(
        `UPDATE sessions SET status = ?, updated_at = ?
         WHERE account_id = ? AND id = ? AND status <> ? AND status NOT IN (${placeholders})`,
      ),
      items: db.prepare('SELECT items_json FROM sessions WHERE account_id = ? AND id = ?'),
    };
    cache.set(db, s);
  }
  return s;
}

/** True if a session the console knows changed status. Unknown sessions are left to sync. */
export function setSessionStatus(
  db: Database,
  accountId: number,
  sessionId: number,
  status: WebhookSessionStatus,
  now: string,
): boolean {
  const result = statements(db).update.run(status, now, accountId, sessionId, status, ...FINAL);
  return result.changes > 0;
}

const itemsRow = z.object({ items_json: z.string() });
const items = z
  .array(z.object({ product: z.string(), name: z.string().nullish() }).loose())
  .catch([]);

/** The products of a session the console made, with names, or null if it does not know it. */
export function sessionProducts(
  db: Database,
  accountId: number,
  sessionId: number,
): Array<{ code: string; name: string | null }> | null {
  const row = statements(db).items.get(accountId, sessionId);
  const parsed = itemsRow.safeParse(row);
  if (!parsed.success) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(parsed.data.items_json);
  } catch {
    return null;
  }
  const list = items.parse(raw).map((i) => ({ code: i.product, name: i.name ?? null }));
  return list.length > 0 ? list : null;
}
