import { closeSync, existsSync, fsyncSync, openSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { ConsoleError, isConsoleError } from '../errors';
import { ensureDataDir, makePrivate, PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '../paths';
import { createAccountsRepo } from './accounts';
import { createActivityLogRepo } from './activity-log';
import { systemNow } from './clock';
import { createLeasesRepo } from './leases';
import { createLicenceKeysRepo } from './licence-keys';
import { createLinkDraftsRepo } from './link-drafts';
import { assertNotNewer, migrate } from './migrate';
import { migrations } from './migrations';
import { createProductsRepo } from './products';
import { createSalesRepo } from './sales';
import { closeWalHandle, createRepos, realFileOf } from './repos';
import { sqliteCode } from './sqlite-errors';
import { createSyncRunsRepo } from './sync-runs';
import type { Store } from './types';
import { createWebhookEndpointsRepo } from './webhook-endpoints';

export interface OpenStoreOptions {
  /** ISO timestamps for created_at / updated_at; tests pass a fixed clock. */
  now?: () => string;
}

// SQLite answers a journal_mode change with SQLITE_BUSY at once, without its busy handler,
// while another process holds the file (the app and a CLI call opening a fresh file together:
// one of them is migrating it). Waited out here, within the same bound as busy_timeout.
const BUSY_WAIT_MS = 5000;
const pause = new Int32Array(new SharedArrayBuffer(4));

function setWal(db: Database.Database): void {
  const deadline = Date.now() + BUSY_WAIT_MS;
  for (;;) {
    try {
      db.pragma('journal_mode = WAL');
      return;
    } catch (e) {
      if (!sqliteCode(e)?.startsWith('SQLITE_BUSY') || Date.now() > deadline) throw e;
      Atomics.wait(pause, 0, 0, 20);
    }
  }
}

function applyPragmas(db: Database.Database): void {
  setWal(db);
  // FULL, not NORMAL: in WAL mode NORMAL may lose the last commits on power loss, and a
  // webhook event we acknowledged with 200 must survive that (Quaderno will not resend it).
  db.pragma('synchronous = FULL');
  // On macOS a plain fsync leaves the data in the drive's cache; F_FULLFSYNC (what Node's own
  // fs.fsync, used by syncToDisk, does there) flushes it. No effect elsewhere.
  db.pragma('fullfsync = ON');
  db.pragma('foreign_keys = ON');
}

/**
 * Customer data stays readable by this user only. A new file is created 0600 before SQLite opens
 * it, since SQLite gives -wal and -shm the mode of the database file. Files from before that
 * rule, and the folder holding them, are tightened; a folder with no database of ours is the
 * merchant's own (--data-dir ~/Documents) and keeps its mode.
 */
function keepPrivate(path: string): void {
  if (existsSync(path)) makePrivate(dirname(path), PRIVATE_DIR_MODE);
  else closeSync(openSync(path, 'a', PRIVATE_FILE_MODE));
  for (const file of [path, `${path}-wal`, `${path}-shm`]) makePrivate(file, PRIVATE_FILE_MODE);
}

/**
 * fsync of the folder holding the WAL, once it is there: the receiver's syncs of the WAL's data
 * (repos.syncToDisk) keep nothing if a power cut loses the new file's entry in its folder.
 * SQLite keeps that file while the store is open (only the last connection to close removes it),
 * so once at open covers every acknowledgement of this run.
 */
function syncWalFolder(db: Database.Database): void {
  const file = realFileOf(db);
  if (file !== '') syncFolder(dirname(file));
}

/** fsync of a folder, so a file made or renamed in it survives a power cut (the export's too). */
export function syncFolder(folder: string): void {
  // Windows: a folder has no writable handle, so its fsync always fails (EPERM), and NTFS
  // journals the new entry itself.
  if (process.platform === 'win32') return;
  try {
    const fd = openSync(folder, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    if (!folderSyncUnsupported(e)) throw e;
  }
}

/**
 * Some network and FUSE file systems refuse fsync on a folder: that says nothing about the disk,
 * so the store opens anyway, as SQLite's unix VFS does. Any other error (EIO) is a real failure.
 */
const FOLDER_SYNC_UNSUPPORTED = new Set(['EPERM', 'EINVAL', 'ENOTSUP', 'EISDIR']);

function folderSyncUnsupported(e: unknown): boolean {
  return e instanceof Error && 'code' in e && FOLDER_SYNC_UNSUPPORTED.has(String(e.code));
}

function openFailure(file: string, e: unknown): ConsoleError {
  if (isConsoleError(e)) return e;
  const code = sqliteCode(e) ?? (e instanceof Error && 'code' in e ? String(e.code) : undefined);
  const reason = e instanceof Error ? e.message : String(e);
  if (code === 'SQLITE_NOTADB' || code?.startsWith('SQLITE_CORRUPT')) {
    return new ConsoleError(
      'internal',
      `The data file ${file} is damaged or is not a Checkout Console database. ` +
        'Move it aside (keep a copy) and start Checkout Console again (the app or any command) to create a fresh one.',
      { cause: e },
    );
  }
  if (code?.startsWith('SQLITE_BUSY') || code?.startsWith('SQLITE_LOCKED')) {
    return new ConsoleError(
      'internal',
      `The data file ${file} is busy in another program. Close other Checkout Console windows or commands and try again.`,
      { cause: e },
    );
  }
  return new ConsoleError(
    'internal',
    `Could not open the data file ${file} (${reason}). Check that its folder exists and is writable, or choose another data folder.`,
    { cause: e },
  );
}

/**
 * The connection a store is built on: the file at `path` (absolute) created if needed, kept
 * private, set up (busy timeout, WAL, FULL synchronous, foreign keys) and migrated. Exported
 * for the test that checks that set-up; everything else opens a store.
 */
export function openConnection(path: string): Database.Database {
  let db: Database.Database | undefined;
  try {
    ensureDataDir(dirname(path));
    keepPrivate(path);
    db = new Database(path);
    db.pragma('busy_timeout = 5000');
    // Before any pragma that writes (journal_mode rewrites the header): a newer file stays untouched.
    assertNotNewer(db, path, migrations);
    applyPragmas(db);
    migrate(db, migrations);
    syncWalFolder(db);
    return db;
  } catch (e) {
    db?.close();
    throw openFailure(path, e);
  }
}

/** Opens (creating if needed) the console's SQLite file and brings its schema up to date. */
export function openStore(file: string, options: OpenStoreOptions = {}): Store {
  const path = resolve(file);
  const now = options.now ?? systemNow;
  const opened = openConnection(path);
  const leases = createLeasesRepo(opened);
  return {
    file: path,
    accounts: createAccountsRepo(opened, now),
    products: createProductsRepo(opened, now),
    ...createRepos(opened, now),
    sales: createSalesRepo(opened),
    activityLog: createActivityLogRepo(opened),
    leases,
    linkDrafts: createLinkDraftsRepo(opened, now),
    syncRuns: createSyncRunsRepo(opened, now),
    webhookEndpoints: createWebhookEndpointsRepo(opened),
    licenceKeys: createLicenceKeysRepo(opened, now),
    close() {
      leases.close();
      closeWalHandle(opened);
      if (opened.open) opened.close();
    },
  };
}
