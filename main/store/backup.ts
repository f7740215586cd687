// Backup and restore of the console's SQLite file. The backup uses SQLite's online backup, so it
// is consistent while the app or `listen` writes; a restore is checked and brought up to date in
// a copy before it replaces anything, and the data it replaces is kept beside it.
import {
  chmodSync,
  closeSync,
  constants,
  copyFileSync,
  existsSync,
  linkSync,
  openSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { ConsoleError } from '../errors';
import { fileProblem, PRIVATE_FILE_MODE } from '../paths';
import { isLiveDatabaseFile } from './live-files';
import { assertNotNewer, latestVersion, migrate, readUserVersion } from './migrate';
import { migrations } from './migrations';
import { sqliteCode } from './sqlite-errors';

const ALL_PAGES = 2 ** 31 - 1;
// How long a backup keeps trying while another process holds the database locked.
const BUSY_BOUND_MS = 10_000;
const BUSY_PAUSE_MS = 200;

const CLOSE_OTHERS =
  'Close the app and other checkout-console commands, then run restore again; nothing was changed.';

const isBusy = (e: unknown): boolean => /^SQLITE_(BUSY|LOCKED)/.test(sqliteCode(e) ?? '');

/** SQLite's answer for a file that is no database, or a damaged one. */
const isDamaged = (e: unknown): boolean => /^SQLITE_(NOTADB|CORRUPT)/.test(sqliteCode(e) ?? '');

/**
 * Whether `file` is a whole copy. better-sqlite3 treats SQLITE_BUSY as progress, so a locked
 * source "finishes" having copied no page at all.
 */
function isWholeCopy(file: string): boolean {
  const db = new Database(file, { fileMustExist: true });
  try {
    const pages = Number(db.pragma('page_count', { simple: true }));
    if (pages === 0) return false;
    if (readUserVersion(db) < 1 || db.pragma('quick_check', { simple: true }) !== 'ok') {
      throw new ConsoleError(
        'internal',
        'The backup copy did not check out as whole. Run `checkout-console doctor`, then run backup again.',
      );
    }
    return true;
  } finally {
    db.close();
  }
}

/**
 * Online backup into `scratch`, tried again while the source stays locked, up to a bound.
 * `signal` ends it between steps (the copy itself runs in one step and is not cut).
 */
async function copyWhole(source: string, scratch: string, signal?: AbortSignal): Promise<void> {
  const deadline = Date.now() + BUSY_BOUND_MS;
  for (;;) {
    signal?.throwIfAborted();
    const db = new Database(source, { fileMustExist: true, timeout: 5000 });
    try {
      // After the first step, the rest in one: in WAL mode a reader does not block writers, and
      // a write between many small steps from another process would restart the copy each time.
      await db.backup(scratch, {
        progress: () => {
          signal?.throwIfAborted(); // better-sqlite3 stops the backup on a throw here
          return ALL_PAGES;
        },
      });
    } finally {
      db.close();
    }
    signal?.throwIfAborted();
    if (isWholeCopy(scratch)) return;
    if (Date.now() >= deadline) {
      throw new ConsoleError(
        'conflict',
        'Another program keeps the data locked, so nothing was backed up. Close the app and ' +
          'other checkout-console commands, then run backup again.',
      );
    }
    await delay(BUSY_PAUSE_MS, undefined, { signal });
  }
}

/** A FILE that is the live database (or its -wal/-shm), which a write would destroy. */
export function liveDatabase(path: string): ConsoleError {
  return new ConsoleError(
    'invalid_input',
    `${path} is the console's live database (or a file SQLite keeps beside it). Choose a FILE outside the data folder.`,
  );
}

const reasonOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** A new, empty file only this user may read, next to `near`; SQLite writes into it. */
function privateScratch(near: string, tag: string): string {
  const file = join(dirname(near), `.${basename(near)}.${tag}-${process.pid}-${Date.now()}`);
  closeSync(openSync(file, 'wx', PRIVATE_FILE_MODE));
  return file;
}

/** One self-contained file: no -wal beside it to forget when it is copied elsewhere. */
function makeSelfContained(file: string): void {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = DELETE');
  } finally {
    db.close();
  }
}

/**
 * Removes `file` if the process exits before `forget()`: a command stopped by a signal exits
 * once its clean-up bound is spent, and must not leave its scratch copy behind even then.
 */
export function removeOnExit(file: string): () => void {
  const remove = () => rmSync(file, { force: true });
  process.once('exit', remove);
  return () => process.off('exit', remove);
}

/**
 * Copies the database at `source` into `target` (0600). An existing `target` is kept unless
 * `force`; the copy is written beside it first, so a failed backup leaves no half file.
 * Once `signal` aborts, `target` is not written and the promise rejects with its reason.
 */
export async function backupDatabase(
  source: string,
  target: string,
  options: { force?: boolean; signal?: AbortSignal } = {},
): Promise<void> {
  const { signal } = options;
  const to = resolve(target);
  if (!existsSync(source)) {
    throw new ConsoleError(
      'not_found',
      `There is no data to back up yet in ${dirname(source)}. Use --data-dir if your data is elsewhere.`,
    );
  }
  if (isLiveDatabaseFile(source, to)) throw liveDatabase(to);
  if (!options.force && existsSync(to)) {
    throw new ConsoleError(
      'conflict',
      `${to} already exists. Choose another FILE, or add --force to replace it.`,
    );
  }
  let scratch: string;
  try {
    scratch = privateScratch(to, 'backup');
  } catch (e) {
    throw new ConsoleError(
      'internal',
      `Cannot write ${to}: ${fileProblem(e)}. Choose a folder you can write to.`,
      { cause: e },
    );
  }
  const forget = removeOnExit(scratch);
  try {
    await copyWhole(source, scratch, signal);
    makeSelfContained(scratch);
    signal?.throwIfAborted(); // stopped: no FILE, even a whole one the merchant gave up on
    if (options.force) renameSync(scratch, to);
    else linkSync(scratch, to); // fails if FILE appeared meanwhile: never overwrites
  } catch (e) {
    if (signal?.aborted) throw signal.reason;
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new ConsoleError(
        'conflict',
        `${to} already exists. Choose another FILE, or add --force to replace it.`,
      );
    }
    if (e instanceof ConsoleError) throw e;
    throw new ConsoleError(
      'internal',
      `The backup could not be written to ${to}: ${fileProblem(e)}. Choose a folder you can write to.`,
      { cause: e },
    );
  } finally {
    rmSync(scratch, { force: true });
    forget();
  }
}

function notOurs(file: string, why: string): ConsoleError {
  return new ConsoleError(
    'invalid_input',
    `${file} is not a Checkout Console backup (${why}). Nothing was changed. Give a file made by \`checkout-console backup\`.`,
  );
}

/** Opens the copy, refuses what is not ours or newer, and migrates an older one. */
function checkAndUpgrade(copy: string, shownAs: string): number {
  let db: Database.Database | undefined;
  try {
    db = new Database(copy, { fileMustExist: true });
    assertNotNewer(db, shownAs, migrations);
    const version = readUserVersion(db);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
    if (version < 1 || !tables.includes('accounts') || !tables.includes('settings')) {
      throw notOurs(shownAs, 'it has none of the console’s tables');
    }
    migrate(db, migrations);
    const check: unknown = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw notOurs(shownAs, 'it is damaged');
    db.pragma('journal_mode = DELETE');
    return version;
  } catch (e) {
    if (e instanceof ConsoleError) throw e;
    if (isDamaged(e)) throw notOurs(shownAs, 'it is not an SQLite database');
    throw new ConsoleError(
      'internal',
      `${shownAs} could not be read (${reasonOf(e)}). Nothing was changed.`,
      { cause: e },
    );
  } finally {
    db?.close();
  }
}

export interface Restored {
  /** The backup's schema version before any migration. */
  fromVersion: number;
  toVersion: number;
  /** Where the replaced database now is; null when there was none. */
  keptAs: string | null;
}

/**
 * Replaces the database at `target` with the backup `source`. The caller makes sure no receiver
 * writes meanwhile. The backup is copied, checked and migrated first: a bad file changes nothing.
 */
export function restoreDatabase(source: string, target: string, now = new Date()): Restored {
  const from = resolve(source);
  let isFile = false;
  try {
    isFile = statSync(from).isFile();
  } catch {
    // reported below
  }
  if (!isFile)
    throw new ConsoleError('not_found', `${from} is not a file. Give the path of a backup.`);
  const copy = privateScratch(target, 'restore');
  try {
    // A plain copy: the backup itself is never opened, so nothing is written beside it.
    copyFileSync(from, copy);
    chmodSync(copy, PRIVATE_FILE_MODE);
    copyWal(from, copy);
    const fromVersion = checkAndUpgrade(copy, from);
    const keptAs = existsSync(target) ? keepAside(target, now) : null;
    // One rename over the old file: at every instant there is a whole database at `target`.
    renameSync(copy, target);
    for (const extra of ['-wal', '-shm']) rmSync(`${target}${extra}`, { force: true });
    return { fromVersion, toVersion: latestVersion(migrations), keptAs };
  } finally {
    for (const extra of ['', '-wal', '-shm']) rmSync(`${copy}${extra}`, { force: true });
  }
}

/**
 * A database copied while in use, or left by a crash, may hold its last commits only in its
 * -wal: beside the copy, SQLite folds them in when it opens it. Not the -shm: SQLite rebuilds
 * that index from the -wal, and a stale one copied from elsewhere could mislead it.
 */
function copyWal(from: string, copy: string): void {
  let size = 0;
  try {
    size = statSync(`${from}-wal`).size;
  } catch {
    return; // none: the file is whole by itself
  }
  if (size === 0) return;
  copyFileSync(`${from}-wal`, `${copy}-wal`);
  chmodSync(`${copy}-wal`, PRIVATE_FILE_MODE);
}

/**
 * Keeps the current database as `<db>.before-restore-<time>`; `target` itself stays until the
 * restored copy is renamed over it. A database SQLite can read has its -wal folded in first; a
 * damaged one is kept as it is, with its -wal and -shm beside it under the same name, since
 * whatever can be saved from it may be in them.
 */
function keepAside(target: string, now: Date): string {
  const keptAs = `${target}.before-restore-${now.toISOString().replace(/[:.]/g, '-')}`;
  // Copied before SQLite opens the file: closing a damaged database can delete its -wal.
  const logs = copyLogs(target, keptAs);
  let readable: boolean;
  try {
    readable = foldWal(target);
  } catch (e) {
    for (const log of logs) rmSync(log, { force: true });
    throw e;
  }
  // Folded into the file itself: the copies hold nothing more.
  if (readable) for (const log of logs) rmSync(log, { force: true });
  linkSync(target, keptAs);
  return keptAs;
}

/** Copies the -wal and -shm beside `target` (those there) as `keptAs`'s; returns the copies. */
function copyLogs(target: string, keptAs: string): string[] {
  const copies: string[] = [];
  for (const extra of ['-wal', '-shm']) {
    if (!existsSync(`${target}${extra}`)) continue;
    copyFileSync(`${target}${extra}`, `${keptAs}${extra}`, constants.COPYFILE_EXCL);
    chmodSync(`${keptAs}${extra}`, PRIVATE_FILE_MODE);
    copies.push(`${keptAs}${extra}`);
  }
  return copies;
}

/**
 * Folds the -wal into `target`; false when SQLite finds it is no database or a damaged one (a
 * restore is how a merchant replaces such a file). Leaving WAL needs the only connection, so
 * another process holding the file open makes this refuse.
 */
function foldWal(target: string): boolean {
  try {
    const db = new Database(target, { fileMustExist: true, timeout: 5000 });
    try {
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.pragma('journal_mode = DELETE');
    } finally {
      db.close();
    }
    return true;
  } catch (e) {
    if (isBusy(e)) throw new ConsoleError('conflict', CLOSE_OTHERS, { cause: e });
    if (isDamaged(e)) return false;
    throw e;
  }
}
