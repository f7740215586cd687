// Which paths are the live database: a file written there (a backup, an export, a QR code)
// would replace the ledger under the app, or hand SQLite a -wal or -shm it did not write.
import { readlinkSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/** The database and the files SQLite keeps beside it while it is open. */
const LIVE_SUFFIXES = ['', '-wal', '-shm', '-journal'];

// Linux's own bound on symlinks followed in one path.
const MAX_LINKS = 40;

/**
 * Where a write to `path` lands: its symlinks followed even when they dangle (a link to a -wal
 * not there yet would create it), its folder's real path.
 */
function landingPath(path: string): string {
  let at = resolve(path);
  for (let hops = 0; hops < MAX_LINKS; hops += 1) {
    let next: string;
    try {
      next = readlinkSync(at);
    } catch {
      break; // not a link, or nothing there
    }
    at = resolve(dirname(at), next);
  }
  try {
    return join(realpathSync(dirname(at)), basename(at));
  } catch {
    return at;
  }
}

/** One file on disk under two names (a hard link). */
function sameInode(a: string, b: string): boolean {
  try {
    const [x, y] = [statSync(a), statSync(b)];
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    return false;
  }
}

/** Whether writing to `path` would write the database at `database` or its -wal/-shm/-journal. */
export function isLiveDatabaseFile(database: string, path: string): boolean {
  const lands = landingPath(path);
  return LIVE_SUFFIXES.some((suffix) => {
    const live = `${database}${suffix}`;
    return landingPath(live) === lands || sameInode(live, path);
  });
}
