// The receiver's inserts and their sync on a second core. A worker thread (writer-worker.ts) with
// a connection of its own inserts each batch the receiver posts and commits it with
// synchronous=FULL: the fsync is in its COMMIT, on its thread, and the rows become visible to
// other connections only once synced. It answers each batch once it is on disk; the receiver
// answers 200 then, with no sync of its own on that path. Batches are pipelined: the receiver
// posts the next ones while the worker commits, and the worker takes all that queued meanwhile
// into its next transaction.
// The two connections take the write lock in turn through a gate (writer-gate.ts), not through
// SQLite's busy handler, whose sleeps the receiver's thread lost for hundreds of ms.
// A worker that does not answer a batch within `answerWithinMs` is stopped (its batches fail:
// 500, and Quaderno retries), and so is one that answers what this side cannot read. A batch it
// could not store fails with SQLite's code (WorkerStoreError), so a busy lock reads as busy.
// The worker's script is found beside this module: writer-worker.ts when main/ runs from its
// sources (loaded through tsx), writer-worker.mjs/.js beside a bundle that was built with it.
// Where there is none (a bundle built without it, a database in memory), there is no worker and
// the caller inserts on its own connection, as before.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { z } from 'zod';
import type { NewEvent } from './events';
import { createGateState, mainGate, releaseGate, type WriteGate } from './writer-gate';

export interface OffThreadInserts {
  /**
   * Sends a batch to the worker; resolves with each event's id once the worker's commit of it
   * is on disk. Rejects if the worker is gone (`stopped()`: the batch may or may not be
   * committed, and if it is, it is on disk), or with the store's error (nothing of it
   * committed).
   */
  insert(list: NewEvent[]): Promise<StoredIds>;
  /** Batches sent and not answered yet. */
  busy(): boolean;
  /** The worker ended (or never started, or was stopped): nothing more goes through it. */
  stopped(): boolean;
  /**
   * It was stopped for not answering: it may still hold the write lock (and commit what it
   * holds), so its batches are answered 500 rather than stored on this thread. Else, once
   * stopped, its connection is closed (a transaction it had open rolled back) and the batches
   * it did not answer may be stored on this thread.
   */
  hung(): boolean;
  /** True once the worker has opened its connection; false if it stopped before. */
  ready: Promise<boolean>;
  /** This thread's turn at the write lock the worker takes around each transaction. */
  gate: WriteGate;
  /** Lets the worker finish the batches sent, closes its connection and ends it. */
  close(): Promise<void>;
}

export interface OffThreadOptions {
  /** A batch not answered within this long stops the worker (its batches fail). */
  answerWithinMs?: number;
  /** The worker's commit failed to write or sync the WAL: nothing may be acknowledged again. */
  onDiskFailure?: (reason: string) => void;
}

export type StoredIds = Array<{ id: number; duplicate: boolean }>;

const answer = z.union([
  z.object({ ready: z.literal(true), synchronous: z.number().int().optional() }),
  z.object({
    seq: z.number().int(),
    ok: z.literal(true),
    stored: z.array(z.object({ id: z.number().int(), duplicate: z.boolean() })),
  }),
  z.object({
    seq: z.number().int(),
    ok: z.literal(false),
    reason: z.string(),
    disk: z.boolean().optional(),
    // The store's error code (SQLITE_BUSY …), so this side tells a busy lock from a refused row.
    code: z
      .string()
      .regex(/^SQLITE_[A-Z_]+$/)
      .max(64)
      .optional(),
  }),
]);

/** The worker's failure as this side reads it: its message and, if any, SQLite's code. */
export class WorkerStoreError extends Error {
  readonly code: string | undefined;
  constructor(reason: string, code: string | undefined) {
    super(reason);
    this.code = code;
  }
}

const CLOSE_WAIT_MS = 5000;
/** SQLite's synchronous=FULL, as `PRAGMA synchronous` reads it. */
const FULL = 2;
/**
 * A batch is a few ms of inserts and one fsync: ten seconds without its answer is a worker stuck
 * (a hung disk, a bug), and its senders are better answered 500, which Quaderno retries.
 */
export const ANSWER_WITHIN_MS = 10_000;

// Loads a TypeScript loader first when the script is TypeScript (main/ run from its sources:
// tests, dev). The loader's name is data, given only then: tsx is a development dependency, and
// a built main (which runs the built .js/.mjs script) must not import it.
const LAUNCHER = `
const { workerData } = require('node:worker_threads');
const load = workerData.loader
  ? import(workerData.loader).then((loader) => loader.register())
  : Promise.resolve();
load.then(() => import(workerData.script));
`;
const TS_LOADER = 'tsx/esm/api';

/** The worker's script beside this module, or undefined if it was not built. */
export function writerScript(): string | undefined {
  let here: string;
  try {
    here = dirname(fileURLToPath(import.meta.url));
  } catch {
    return undefined; // a bundle without a file URL for its module (CommonJS): no worker
  }
  return ['writer-worker.mjs', 'writer-worker.js', 'writer-worker.ts']
    .map((name) => join(here, name))
    .find((path) => existsSync(path));
}

/**
 * Starts the worker on `file` (the real file); undefined when it cannot (no file, no script).
 * `now` stamps each event's arrival here, on the store's clock.
 */
export function startOffThreadInserts(
  file: string,
  now: () => string,
  script = writerScript(),
  options: OffThreadOptions = {},
): OffThreadInserts | undefined {
  if (file === '' || script === undefined) return undefined;
  const answerWithinMs = options.answerWithinMs ?? ANSWER_WITHIN_MS;
  const gateState = createGateState();
  const worker = new Worker(LAUNCHER, {
    eval: true,
    workerData: {
      file,
      gate: gateState,
      script: pathToFileURL(script).href,
      loader: script.endsWith('.ts') ? TS_LOADER : null,
    },
  });
  interface Waiting {
    resolve(s: StoredIds): void;
    reject(e: Error): void;
    timer: NodeJS.Timeout;
    /** How many events the batch sent: its answer must name as many, in order. */
    size: number;
  }
  const waiting = new Map<number, Waiting>();
  let seq = 0;
  let stopped: Error | null = null;
  let hung = false;
  let readyNow: (ok: boolean) => void = () => {};
  const ready = new Promise<boolean>((resolve) => (readyNow = resolve));
  let closing: Promise<void> | null = null;
  const stop = (why: string, retryHere = true): void => {
    readyNow(false);
    stopped ??= new Error(`The event writer thread stopped (${why}).`);
    hung ||= !retryHere;
    // A thread that ended holding the turn never gives it back.
    releaseGate(gateState);
    for (const w of waiting.values()) {
      clearTimeout(w.timer);
      w.reject(stopped);
    }
    waiting.clear();
  };
  // A worker this side gave up on must not go on writing (nor hold a thread and a connection).
  const abandon = (why: string, retryHere: boolean): void => {
    stop(why, retryHere);
    void worker.terminate();
  };
  const exited = new Promise<void>((resolve) =>
    worker.once('exit', (code) => {
      stop(`exit code ${code}`);
      resolve();
    }),
  );
  worker.on('error', (e) => stop(e.message));
  worker.on('message', (posted: unknown) => {
    const parsed = answer.safeParse(posted);
    if (!parsed.success) return abandon('it answered something unknown', true);
    const done = parsed.data;
    // Its answers say "on disk": a worker that does not sync its commits is not used.
    if ('ready' in done) {
      if ((done.synchronous ?? 0) >= FULL) return readyNow(true);
      return abandon('its commits do not wait for the disk', true);
    }
    const w = waiting.get(done.seq);
    if (w === undefined) return;
    // Ids for another batch's events would answer the wrong requests.
    if (done.ok && done.stored.length !== w.size) {
      return abandon(`it answered ${done.stored.length} ids for ${w.size} events`, true);
    }
    waiting.delete(done.seq);
    clearTimeout(w.timer);
    if (waiting.size === 0 && closing === null) worker.unref();
    if (done.ok) return w.resolve(done.stored);
    if (done.disk) options.onDiskFailure?.(done.reason);
    w.reject(new WorkerStoreError(done.reason, done.code));
  });
  // Kept alive only while a batch is with it (an idle receiver must not hold a process open).
  worker.unref();
  return {
    insert(list) {
      if (stopped) return Promise.reject(stopped);
      const at = now();
      const events = list.map((e) => ({ ...e, receivedAt: e.receivedAt ?? at }));
      seq += 1;
      const mine = seq;
      const committed = new Promise<StoredIds>((resolve, reject) => {
        // Still holding the write lock, perhaps: its batches are answered 500, not stored here.
        const late = () => abandon(`it did not answer within ${answerWithinMs} ms`, false);
        const timer = setTimeout(late, answerWithinMs);
        timer.unref();
        waiting.set(mine, { resolve, reject, timer, size: events.length });
      });
      worker.ref();
      worker.postMessage({ kind: 'insert', seq: mine, events });
      return committed;
    },
    busy: () => waiting.size > 0,
    stopped: () => stopped !== null,
    hung: () => hung,
    ready,
    gate: mainGate(gateState),
    close() {
      closing ??= (async () => {
        // A worker stopped on this side may still be ending (terminated, or never started).
        worker.ref();
        if (!stopped) worker.postMessage({ kind: 'close' });
        const timeout = new Promise<'late'>((resolve) =>
          setTimeout(() => resolve('late'), CLOSE_WAIT_MS).unref(),
        );
        if ((await Promise.race([exited, timeout])) === 'late') await worker.terminate();
      })();
      return closing;
    },
  };
}
