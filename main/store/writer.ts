// The receiver's inserts on a second core. The receiver's one thread read, verified, inserted,
// committed and answered every delivery, and under load it was saturated (about a third of its
// time in the insert and the commit). A worker thread (writer-worker.ts) with a connection of its
// own now inserts each group commit's batch and commits it without waiting for the disk; the
// receiver's thread then syncs the WAL as before and answers. Rows the worker commits are visible
// to every connection at once, before their sync, and before this thread hears of them: while
// `busy()`, the receiver's processing reads no backlog.
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

export interface OffThreadInserts {
  /**
   * Sends a batch to the worker; resolves with each event's id once the worker has committed
   * it (not synced). Rejects if the worker is gone (`stopped()`: the batch may or may not be
   * committed), or with the store's error (nothing of it committed).
   */
  insert(list: NewEvent[]): Promise<StoredIds>;
  /**
   * A batch is with the worker: it may hold the write lock (which this thread would sleep on),
   * and rows it committed may not be synced yet.
   */
  busy(): boolean;
  /** The worker ended (or never started): nothing more goes through it. */
  stopped(): boolean;
  /** True once the worker has opened its connection; false if it stopped before. */
  ready: Promise<boolean>;
  /** Lets the worker finish the batches sent, closes its connection and ends it. */
  close(): Promise<void>;
}

export type StoredIds = Array<{ id: number; duplicate: boolean }>;

const answer = z.union([
  z.object({ ready: z.literal(true) }),
  z.object({
    seq: z.number().int(),
    ok: z.literal(true),
    stored: z.array(z.object({ id: z.number().int(), duplicate: z.boolean() })),
  }),
  z.object({ seq: z.number().int(), ok: z.literal(false), reason: z.string() }),
]);

const CLOSE_WAIT_MS = 5000;

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
): OffThreadInserts | undefined {
  if (file === '' || script === undefined) return undefined;
  const worker = new Worker(LAUNCHER, {
    eval: true,
    workerData: {
      file,
      script: pathToFileURL(script).href,
      loader: script.endsWith('.ts') ? TS_LOADER : null,
    },
  });
  const waiting = new Map<number, { resolve(s: StoredIds): void; reject(e: Error): void }>();
  let seq = 0;
  let stopped: Error | null = null;
  let readyNow: (ok: boolean) => void = () => {};
  const ready = new Promise<boolean>((resolve) => (readyNow = resolve));
  const stop = (why: string): void => {
    readyNow(false);
    stopped ??= new Error(`The event writer thread stopped (${why}).`);
    for (const w of waiting.values()) w.reject(stopped);
    waiting.clear();
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
    if (!parsed.success) return stop('it answered something unknown');
    const done = parsed.data;
    if ('ready' in done) return readyNow(true);
    const w = waiting.get(done.seq);
    if (w === undefined) return;
    waiting.delete(done.seq);
    if (done.ok) w.resolve(done.stored);
    else w.reject(new Error(done.reason));
  });
  // Kept alive only while a batch is with it (an idle receiver must not hold a process open).
  worker.unref();
  let closing: Promise<void> | null = null;
  return {
    insert(list) {
      if (stopped) return Promise.reject(stopped);
      const at = now();
      const events = list.map((e) => ({ ...e, receivedAt: e.receivedAt ?? at }));
      seq += 1;
      const committed = new Promise<StoredIds>((resolve, reject) => {
        waiting.set(seq, { resolve, reject });
      });
      worker.ref();
      const settled = () => {
        if (waiting.size === 0 && closing === null) worker.unref();
      };
      committed.then(settled, settled);
      worker.postMessage({ kind: 'insert', seq, events });
      return committed;
    },
    busy: () => waiting.size > 0,
    stopped: () => stopped !== null,
    ready,
    close() {
      closing ??= (async () => {
        if (stopped) return;
        worker.ref();
        worker.postMessage({ kind: 'close' });
        const timeout = new Promise<'late'>((resolve) =>
          setTimeout(() => resolve('late'), CLOSE_WAIT_MS).unref(),
        );
        if ((await Promise.race([exited, timeout])) === 'late') await worker.terminate();
      })();
      return closing;
    },
  };
}
