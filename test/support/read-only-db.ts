// Reads a database file the CLI wrote or another process holds (a backup, the live file) without
// writing to it: read-only, so a check can change neither what it checks nor the files beside it.
import Database from 'better-sqlite3';
import type { RawDb } from './raw-db';

/** Runs `fn` on a read-only connection to `file` and closes it, whatever `fn` does. */
export function withReadOnlyDb<T>(file: string, fn: (db: RawDb) => T): T {
  const db = new Database(file, { readonly: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

/** The single number `sql` (a `SELECT count(*) …`) reads from `file`. */
export function countIn(file: string, sql: string): number {
  return withReadOnlyDb(file, (db) => Number(db.prepare(sql).pluck().get()));
}

/** SQLite's own check of `file`: 'ok' for a whole, undamaged database. */
export function quickCheck(file: string): unknown {
  return withReadOnlyDb(file, (db) => db.pragma('quick_check', { simple: true }));
}
