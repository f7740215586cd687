// An exclusive lock on a small SQLite file of its own. The OS drops it when its process dies
// (even by kill -9), so a crash never leaves a stale lock behind.
import Database from 'better-sqlite3';
import { sqliteCode } from './sqlite-errors';

export interface FileLock {
  release(): void;
}

/** Takes the lock on `file` at once, or answers 'held' while another process has it. */
export function takeFileLock(file: string): FileLock | 'held' {
  const db = new Database(file, { timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    // The first write takes the exclusive lock, and EXCLUSIVE mode keeps it until close.
    db.exec(
      'CREATE TABLE IF NOT EXISTS held (at TEXT); DELETE FROM held; INSERT INTO held VALUES (1)',
    );
  } catch (e) {
    db.close();
    if (sqliteCode(e)?.startsWith('SQLITE_BUSY')) return 'held';
    throw e;
  }
  return {
    release() {
      if (db.open) db.close();
    },
  };
}
