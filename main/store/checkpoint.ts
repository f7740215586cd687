// WAL checkpoints off the event loop. SQLite's automatic checkpoint runs inside the commit that
// crosses its threshold, on the thread that commits: on the receiver that stalled every request
// in flight (up to 60 ms measured). With it off on the store's connection, a worker thread with
// a connection of its own copies the WAL into the database file (PASSIVE: never waits for or
// blocks the writer), past 4,000 frames copies the rest with the writer held off briefly
// (RESTART) so the WAL starts over, and once writes pause empties the file (TRUNCATE); each
// waits 50 ms at most, so the WAL stays bounded. Other processes (the CLI) keep SQLite's defaults.
// A checkpoint failing for another reason than a busy file is reported to this thread: after a
// few in a row SQLite's automatic checkpoint takes over again (said once in the log), and a
// failed fsync of the database file stops the receiver's acknowledgements (onDiskFailure).
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Database } from 'better-sqlite3';
import { z } from 'zod';

export interface CheckpointerOptions {
  /**
   * Called once if a checkpoint's fsync of the database file failed: the kernel may have dropped
   * the pages, and a later "clean" checkpoint would restart the WAL over them.
   */
  onDiskFailure?: (reason: string) => void;
  /** Where the one line saying checkpoints went back to SQLite goes. */
  warn?: (line: string) => void;
  /** The better-sqlite3 module the worker loads; tests give one whose checkpoints fail. */
  sqlite?: string;
}

export interface Checkpointer {
  /** Stops the worker (it finishes a checkpoint in progress first, within `CLOSE_WAIT_MS`). */
  close(): Promise<void>;
}

/** SQLite's own default threshold for its automatic checkpoint. */
const AUTOCHECKPOINT_PAGES = 1000;
const TICK_MS = 200;
/** No new WAL frames for this long counts as a pause in writes. */
const IDLE_MS = 1000;
/**
 * WAL frames past which a RESTART checkpoint copies the remainder with the writer held off (a
 * few ms: a PASSIVE one has just copied the rest), so the WAL starts over instead of growing.
 */
const RESTART_FRAMES = 4 * AUTOCHECKPOINT_PAGES;
/** How long a RESTART or TRUNCATE may wait for readers and the writer before it gives up (tried again later). */
const TRUNCATE_WAIT_MS = 50;
const CLOSE_WAIT_MS = 2000;
/** Failed checkpoints in a row (busy ones aside) after which the worker gives up. */
const FAILURES_BEFORE_FALLBACK = 5;

/** What the worker posts for a checkpoint that failed; `stop`: it has stopped checkpointing. */
const checkpointFailure = z.object({
  code: z.string(),
  message: z.string(),
  fsyncFailed: z.boolean(),
  stop: z.boolean(),
});

// Plain CommonJS run with eval: the app and the CLI ship main/ as bundles, which a worker file
// beside this module would not be part of. better-sqlite3 comes by the path this module resolves.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.sqlite);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('wal_autocheckpoint = 0');
// Said, not left to the build's default: a checkpoint not synced, then the WAL started over,
// loses acknowledged events in a power cut.
db.pragma('synchronous = FULL');
// macOS: through the drive's cache, as the receiver's own syncs (store/open.ts).
db.pragma('fullfsync = ON');
let frames = 0;
let changedAt = Date.now();
let emptied = true;
let failures = 0;
const checkpoint = (mode) => db.pragma('wal_checkpoint(' + mode + ')')[0];
const tick = () => {
  try {
    db.pragma('busy_timeout = 0');
    const r = checkpoint('PASSIVE');
    const now = Date.now();
    if (r.log !== frames) {
      frames = r.log;
      changedAt = now;
      emptied = false;
    }
    // Under steady writes a PASSIVE one never catches up with the writer, and SQLite starts the
    // WAL over only once all of it is copied: past a size, copy the rest holding the writer off.
    if (r.log >= workerData.restartFrames) {
      db.pragma('busy_timeout = ' + workerData.truncateWaitMs);
      checkpoint('RESTART');
    } else if (!emptied && now - changedAt >= workerData.idleMs) {
      db.pragma('busy_timeout = ' + workerData.truncateWaitMs);
      if (checkpoint('TRUNCATE').busy === 0) emptied = true;
    }
    failures = 0;
  } catch (e) {
    const code = String((e && e.code) || '');
    // Busy or locked by another process: the next tick tries again.
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return;
    failures += 1;
    const fsyncFailed = code === 'SQLITE_IOERR_FSYNC' || code === 'SQLITE_IOERR_DIR_FSYNC';
    const message = e instanceof Error ? e.message : String(e);
    // After a failed fsync the kernel may have dropped the pages and report the next one as
    // clean: no checkpoint here may then restart the WAL over them.
    const stop = fsyncFailed || failures >= workerData.failuresBeforeFallback;
    parentPort.postMessage({ code, message, fsyncFailed, stop });
    if (stop) clearInterval(timer);
  }
};
const timer = setInterval(tick, workerData.tickMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

/**
 * Turns off the automatic checkpoint on `db` and starts the worker on `file` (the real file,
 * not a symlink). If the worker cannot start, `db` checkpoints as before.
 */
export function startCheckpointer(
  db: Database,
  file: string,
  options: CheckpointerOptions = {},
): Checkpointer {
  if (file === '') return { close: async () => {} };
  const { onDiskFailure, warn = console.warn } = options;
  const sqlite = options.sqlite ?? createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      sqlite,
      file,
      tickMs: TICK_MS,
      idleMs: IDLE_MS,
      truncateWaitMs: TRUNCATE_WAIT_MS,
      restartFrames: RESTART_FRAMES,
      failuresBeforeFallback: FAILURES_BEFORE_FALLBACK,
    },
  });
  db.pragma('wal_autocheckpoint = 0');
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  const restore = () => {
    if (db.open) db.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
  };
  // A worker that failed (no native module in its thread, say) leaves checkpoints to SQLite.
  worker.once('error', restore);
  worker.on('message', (posted: unknown) => {
    const parsed = checkpointFailure.safeParse(posted);
    if (!parsed.success || !parsed.data.stop) return;
    const failure = parsed.data;
    // The code and SQLite's message only: neither holds customer data or a secret.
    const what = `${failure.code || 'error'}: ${failure.message}`;
    if (failure.fsyncFailed) {
      // Not handed back to SQLite: its checkpoint would sync the same file, maybe "cleanly".
      warn(`WAL checkpoints stopped: the database file could not be synced (${what}).`);
      onDiskFailure?.(what);
      return;
    }
    warn(
      `WAL checkpoints failed ${FAILURES_BEFORE_FALLBACK} times in a row (${what}); ` +
        'SQLite checkpoints on commit again.',
    );
    restore();
  });
  // After the listener: adding one to an unref'd worker refs it again, keeping a process alive.
  worker.unref();
  let closing: Promise<void> | null = null;
  return {
    close() {
      closing ??= (async () => {
        // Unref'd while it runs (it must not keep a process alive), but closing is awaited:
        // with nothing else pending the process would exit with the close never settled.
        worker.ref();
        worker.postMessage('close');
        const timeout = new Promise<'late'>((resolve) =>
          setTimeout(() => resolve('late'), CLOSE_WAIT_MS).unref(),
        );
        if ((await Promise.race([exited, timeout])) === 'late') await worker.terminate();
        restore();
      })();
      return closing;
    },
  };
}
