// WAL checkpoints off the event loop. SQLite's automatic checkpoint runs inside the commit that
// crosses its threshold, on the thread that commits: on the receiver that stalled every request
// in flight (up to 60 ms measured). With it off on the store's connection, a worker thread with
// a connection of its own copies the WAL into the database file (PASSIVE: never waits for or
// blocks the writer), past 4,000 frames copies the rest with the writer held off briefly
// (RESTART) so the WAL starts over, and once writes pause empties the file (TRUNCATE); each
// waits 50 ms at most, so the WAL stays bounded. Other processes (the CLI) keep SQLite's defaults.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Database } from 'better-sqlite3';

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

// Plain CommonJS run with eval: the app and the CLI ship main/ as bundles, which a worker file
// beside this module would not be part of. better-sqlite3 comes by the path this module resolves.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.sqlite);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('wal_autocheckpoint = 0');
let frames = 0;
let changedAt = Date.now();
let emptied = true;
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
  } catch {
    // Busy or locked by another process: the next tick tries again.
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
export function startCheckpointer(db: Database, file: string): Checkpointer {
  if (file === '') return { close: async () => {} };
  const sqlite = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      sqlite,
      file,
      tickMs: TICK_MS,
      idleMs: IDLE_MS,
      truncateWaitMs: TRUNCATE_WAIT_MS,
      restartFrames: RESTART_FRAMES,
    },
  });
  worker.unref();
  db.pragma('wal_autocheckpoint = 0');
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  const restore = () => {
    if (db.open) db.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
  };
  // A worker that failed (no native module in its thread, say) leaves checkpoints to SQLite.
  worker.once('error', restore);
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
