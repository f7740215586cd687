// An exclusive lock on a small SQLite file of its own. The OS drops it when its process dies
// (even by kill -9), so a crash never leaves a stale lock behind.
import Database from 'better-sqlite3';
import { sqliteCode } from './sqlite-errors';

export interface FileLock {
  release(): void;
}

// Two processes asking at the same moment each read the file first (a shared lock, which
// EXCLUSIVE mode keeps), and each then waited for, or was refused by, the other's read: neither
// held the lock, and both said another process did. Taken whole in one step instead (BEGIN
// EXCLUSIVE in normal locking mode: a contender refused lets go of everything before it tries
// again), with a short wait for the other's try to end, and only then kept (EXCLUSIVE mode keeps
// the lock past the commit). A lock really held is refused once the wait is over.
const CONTENDED_WAIT_MS = 500;

/** Takes the lock on `file` (waiting a moment), or answers 'held' while another process has it. */
export function takeFileLock(file: string): FileLock | 'held' {
  const db = new Database(file, { timeout: CONTENDED_WAIT_MS });
  try {
    db.exec('BEGIN EXCLUSIVE');
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec(
      'CREATE TABLE IF NOT EXISTS held (at TEXT); DELETE FROM held; INSERT INTO held VALUES (1); COMMIT',
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
