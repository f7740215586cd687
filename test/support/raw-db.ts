// A test's own connection to a store's SQLite file, for seeding rows in bulk and reading what
// really reached the file. The store keeps its handle to itself (services ask its repos); a test
// that needs raw SQL opens a second connection, as another process would, so what it sees is
// what was committed, not what one connection happens to hold.
import Database from 'better-sqlite3';

export type RawDb = Database.Database;

/** Opens `file` (a `Store['file']`) with the store's busy timeout; the caller closes it. */
export function openRawDb(file: string): RawDb {
  const db = new Database(file);
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  return db;
}

/** Runs `fn` on a fresh connection to `file` and closes it, whatever `fn` does. */
export function withRawDb<T>(file: string, fn: (db: RawDb) => T): T {
  const db = openRawDb(file);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}
