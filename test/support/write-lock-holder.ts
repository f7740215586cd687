// Another connection holding a store's write lock from a thread of its own (as another process
// would: a CLI's long transaction, a stuck program), so the receiver's thread stays free to show
// whether it waits for the lock. The holder takes BEGIN IMMEDIATE and keeps it until `release`
// or until `holdMs` has passed, whichever comes first; `held()` reads its state at any moment.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

const HOLDER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const state = workerData.state;
const db = new Database(workerData.file);
db.exec('BEGIN IMMEDIATE');
Atomics.store(state, 0, 1);
parentPort.postMessage('held');
Atomics.wait(state, 1, 0, workerData.holdMs);
db.exec('ROLLBACK');
db.close();
Atomics.store(state, 0, 2);
`;

export interface WriteLockHolder {
  /** True while the other connection holds the lock. */
  held(): boolean;
  /** Ends the hold now; resolves once the lock is free and the holder's thread has ended. */
  release(): Promise<void>;
  /** Resolves once the lock is free (released, or `holdMs` passed). */
  ended: Promise<void>;
}

/** Resolves once the other connection holds `file`'s write lock. */
export async function holdWriteLock(file: string, holdMs: number): Promise<WriteLockHolder> {
  // [held: 0 not yet / 1 held / 2 released, release asked: 0/1]
  const state = new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT));
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(HOLDER, { eval: true, workerData: { file, holdMs, state, driver } });
  const ended = new Promise<void>((resolve, reject) => {
    worker.once('error', reject);
    worker.once('exit', () => resolve());
  });
  await new Promise<void>((resolve, reject) => {
    worker.once('message', () => resolve());
    ended.then(() => reject(new Error('The lock holder ended before holding the lock.')), reject);
  });
  return {
    held: () => Atomics.load(state, 0) === 1,
    release() {
      Atomics.store(state, 1, 1);
      Atomics.notify(state, 1);
      return ended;
    },
    ended,
  };
}
