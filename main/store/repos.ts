// The repos every writer shares (receiver, links, sync), built once per store or per clock with
// statements prepared once, and the transactions they commit in.
import { fsync, open, close } from 'node:fs';
import type { Database } from 'better-sqlite3';
import { createActivityRepo, type ActivityRepo } from './activity';
import { startCheckpointer, type Checkpointer, type CheckpointerOptions } from './checkpoint';
import { systemNow } from './clock';
import { createDeliveryJobsRepo } from './delivery-jobs';
import { createDeliveryRulesRepo } from './delivery-rules';
import { createEventsRepo, type EventsRepo } from './events';
import { createFulfillmentsRepo, type FulfillmentsRepo, type NewFulfillment } from './fulfillments';
import { createRefundsRepo, type RefundsRepo } from './refunds';
import { createSessionsRepo, type SessionsRepo } from './sessions';
import { createSettingsRepo } from './settings';
import { startOffThreadInserts, type OffThreadInserts, type OffThreadOptions } from './writer';
import type { WriteGate } from './writer-gate';
import type { DeliveryJobsRepo, DeliveryRulesRepo } from '../delivery';
import type { SettingsRepo } from './types';

export { systemNow };

export interface TransactionOptions {
  /**
   * false: when another connection holds the write lock (or the insert worker its turn at it),
   * fail at once with SQLITE_BUSY instead of waiting in SQLite's busy handler for up to
   * busy_timeout with the thread blocked. For the receiver's thread, which tries again from a
   * timer, its event loop free meanwhile. Default true.
   */
  waitForLock?: boolean;
}

/** The insert worker holds its turn at the write lock: busy, as SQLite's own lock would be. */
export class WriteTurnBusy extends Error {
  readonly code = 'SQLITE_BUSY';
  constructor() {
    super('The event writer thread holds the write lock.');
  }
}

export interface Repos {
  sessions: SessionsRepo;
  fulfillments: FulfillmentsRepo;
  events: EventsRepo;
  /** Refunds of sales (credit notes, processor refunds) and what each sale has refunded. */
  refunds: RefundsRepo;
  activity: ActivityRepo;
  settings: SettingsRepo;
  deliveryRules: DeliveryRulesRepo;
  /** The outbox: `fulfillments.record` writes a new sale's jobs in its own transaction. */
  deliveryJobs: DeliveryJobsRepo;
  /** False once the store is closed: late work (timers, answers in flight) stops writing. */
  isOpen(): boolean;
  /**
   * Runs `fn` in one IMMEDIATE transaction (one commit). IMMEDIATE: a deferred read-then-write
   * fails at once (SQLITE_BUSY) if another process wrote in between.
   */
  transaction<T>(fn: () => T): T;
  /**
   * Wraps `fn` as one IMMEDIATE transaction whose commit does not wait for the disk, for data
   * derived from rows already committed durably and redone if lost (WAL keeps the order: the
   * next durable commit flushes it too). IMMEDIATE as `transaction`: a deferred one that reads
   * first fails at once ('database is locked', no busy wait) when another process wrote before
   * its first write, which two workers' claim batches did hundreds of times over 600 jobs.
   */
  derivedTransaction<A extends unknown[], T>(
    fn: (...args: A) => T,
    options?: TransactionOptions,
  ): (...args: A) => T;
  /**
   * Resolves once everything committed before the call is on disk: the WAL is fsync'd from the
   * thread pool, so the event loop keeps serving while the disk works. After a
   * derivedTransaction this gives the durability of a FULL commit (SQLite's FULL syncs the same
   * file at each commit). One sync at a time: callers during one share the next.
   */
  syncToDisk(): Promise<void>;
  /**
   * The disk failure after which nothing more is acknowledged (a sync here, or in a worker,
   * failed), or null. For acknowledgements that need no sync of their own (the insert worker's
   * durable commits).
   */
  diskFailure(): Error | null;
  /**
   * Moves this connection's WAL checkpoints to a worker thread (checkpoint.ts) until the
   * returned checkpointer is closed: for the receiver, whose event loop they stalled. A failed
   * fsync there fails syncToDisk from then on, as one of its own would.
   */
  checkpointOffThread(options?: Omit<CheckpointerOptions, 'onDiskFailure'>): Checkpointer;
  /**
   * Starts a worker thread with a connection of its own that inserts verified events
   * (`events.insertVerifiedMany`) and commits them durably, the fsync in its commit (writer.ts),
   * for the receiver. From then on this connection's transactions take their turn at the write
   * lock through the worker's gate (writer-gate.ts), and a failed sync in the worker fails
   * syncToDisk as one of its own would. Undefined when none can run (a database in memory, a
   * bundle built without its script).
   */
  insertsOffThread(
    options?: Omit<OffThreadOptions, 'onDiskFailure'> & { script?: string },
  ): OffThreadInserts | undefined;
}

/**
 * The file SQLite really opened: `database_list` gives that path after any symlink is followed
 * (its WAL is beside it, not beside the name the store was opened by). Empty for a database in
 * memory, which has nothing to sync.
 */
export function realFileOf(db: Database): string {
  const main = (db.pragma('database_list') as Array<{ name: string; file: string }>).find(
    (d) => d.name === 'main',
  );
  return main?.file ?? '';
}

/** The WAL SQLite writes; empty for a database in memory. */
function walFileOf(db: Database): string {
  const file = realFileOf(db);
  return file === '' ? '' : `${file}-wal`;
}

/** fsync of the -wal file. None there while the store is open means we would sync nothing. */
function openWal(path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    open(path, 'r+', (e, fd) => (e ? reject(e) : resolve(fd)));
  });
}

function syncFd(fd: number): Promise<void> {
  return new Promise((resolve, reject) => fsync(fd, (e) => (e ? reject(e) : resolve())));
}

// The WAL's handle each store keeps for its syncs, closed before its connection (open.ts).
const walHandles = new WeakMap<Database, () => void>();

/** Closes the WAL handle syncToDisk kept open for `db`, if any: before `db` closes. */
export function closeWalHandle(db: Database): void {
  walHandles.get(db)?.();
  walHandles.delete(db);
}

/**
 * syncToDisk for one store: one fsync in flight; calls made meanwhile share the next one.
 * A failed sync fails every later one too: after a write error the kernel may have dropped the
 * unsaved pages and report the next fsync as clean (a retry would then be acknowledged for data
 * that never reached the disk), so nothing is acknowledged until the store is opened again.
 */
function createDiskSync(db: Database): {
  sync: () => Promise<void>;
  /** A sync failed elsewhere (the checkpoint worker's): from now on every sync fails. */
  breakWith: (reason: string) => void;
  /** The failure that stopped acknowledgements, or null while the disk is sound. */
  failure: () => Error | null;
} {
  let walPath: string | undefined;
  // Opened at the first sync and kept: an open, an fsync and a close per sync were three trips
  // through the thread pool (and three event-loop wake-ups) where one fsync is needed. SQLite
  // keeps the same file while any connection is open (a checkpoint truncates it, never removes
  // it), so the handle stays the WAL's.
  let walFd: Promise<number> | null = null;
  let running: Promise<void> | null = null;
  let next: Promise<void> | null = null;
  const closeFd = (): void => {
    const held = walFd;
    walFd = null;
    if (held === null) return;
    // After the sync in flight: closed under it, its number could be another file's by the time
    // the thread pool runs it, and that file's clean fsync would read as this WAL's.
    const settled = running?.then(
      () => undefined,
      () => undefined,
    );
    void Promise.all([held, settled]).then(
      ([fd]) => close(fd, () => {}),
      () => {},
    );
  };
  walHandles.set(db, closeFd);
  let broken: Error | null = null;
  const breakWith = (reason: string): Error => {
    broken ??= new Error(
      `The data file could not be saved to disk (${reason}). Quit and restart Checkout ` +
        'Console; until then no delivery is acknowledged, so Quaderno sends them again.',
    );
    return broken;
  };
  const syncOnce = async (): Promise<void> => {
    if (broken) throw broken;
    // Closed: closing checkpointed the WAL into the synced database file.
    if (!db.open) return closeFd();
    walPath ??= walFileOf(db);
    if (walPath === '') return;
    try {
      walFd ??= openWal(walPath);
      await syncFd(await walFd);
    } catch (e) {
      // Closed meanwhile: closing checkpoints the WAL into the synced database file.
      if (!db.open) return closeFd();
      throw breakWith(e instanceof Error ? e.message : String(e));
    }
  };
  const start = (): Promise<void> => {
    const p = syncOnce();
    running = p;
    const done = () => {
      if (running === p) running = null;
    };
    p.then(done, done);
    return p;
  };
  const sync = () => {
    if (running === null) return start();
    // A sync already running may have started before the caller's commit: wait for a new one.
    next ??= running
      .then(
        () => undefined,
        () => undefined,
      )
      .then(() => {
        next = null;
        return start();
      });
    return next;
  };
  return { sync, breakWith: (reason) => void breakWith(reason), failure: () => broken };
}

export function createRepos(db: Database, now: () => string = systemNow): Repos {
  // The connection's own level (open.ts sets FULL, nothing changes it after), read once: the
  // receiver runs a derived transaction every loop turn under load, and db.pragma() compiles its
  // statement each call (a prepared PRAGMA would not do: SQLite applies the value when compiling).
  // The two settings around each transaction go through db.exec, which compiles them too but
  // skips db.pragma's statement object and result rows: 1.0-1.2 us a pair against 5.0-5.8.
  let durableLevel: number | undefined;
  const diskSync = createDiskSync(db);
  const deliveryRules = createDeliveryRulesRepo(db, now);
  const deliveryJobs = createDeliveryJobsRepo(db, deliveryRules, now);
  // Jobs are due at once on the system clock, the one the worker claims by.
  const enqueue = (accountId: number, saleId: number, sale: NewFulfillment) =>
    deliveryJobs.enqueueForSale(
      accountId,
      saleId,
      sale.products.map((p) => p.code),
      Date.now(),
    );
  // A later report naming a product the first did not (a webhook after sync) gets that product's
  // rules' jobs in the same transaction; a sale the merchant already marked delivered gets none.
  // A new sale also takes the refunds that named it before it was recorded (schema 20).
  const refunds = createRefundsRepo(db, now);
  const sales = createFulfillmentsRepo(db, now, {
    onCreated: (accountId, saleId, sale) => {
      refunds.attachUnmatched(accountId, { id: saleId, ...sale });
      return enqueue(accountId, saleId, sale);
    },
    onAmountOrTransactionChanged: (accountId, saleId, sale) =>
      refunds.attachUnmatched(accountId, { id: saleId, ...sale }, { recompute: true }),
    onProductsAdded: (accountId, saleId, codes) =>
      deliveryJobs.enqueueForAddedProducts(accountId, saleId, codes, Date.now()),
  });
  // The insert workers' gates (one per receiver that started one): this connection's
  // transactions wait for the worker's commit in progress, not in SQLite's busy handler.
  const gates: WriteGate[] = [];
  const inTurn = <T>(fn: () => T): T => {
    for (const g of gates) g.enter();
    try {
      return fn();
    } finally {
      for (const g of gates) g.leave();
    }
  };
  // Without waiting for the worker's turn either: busy if it holds it (it parks for us next).
  const inTurnNow = <T>(fn: () => T): T => {
    const entered: WriteGate[] = [];
    try {
      for (const g of gates) {
        if (!g.tryEnter()) throw new WriteTurnBusy();
        entered.push(g);
      }
      return fn();
    } finally {
      for (const g of entered) g.leave();
    }
  };
  // Read once, as durableLevel (open.ts sets it; nothing changes it after).
  let busyTimeout: number | undefined;
  return {
    sessions: createSessionsRepo(db, now),
    fulfillments: sales,
    deliveryRules,
    deliveryJobs,
    events: createEventsRepo(db, now),
    refunds,
    activity: createActivityRepo(db, now),
    settings: createSettingsRepo(db),
    isOpen: () => db.open,
    syncToDisk: diskSync.sync,
    diskFailure: diskSync.failure,
    checkpointOffThread: (options = {}) =>
      startCheckpointer(db, realFileOf(db), { ...options, onDiskFailure: diskSync.breakWith }),
    insertsOffThread(options = {}) {
      const { script, ...rest } = options;
      const worker = startOffThreadInserts(realFileOf(db), now, script, {
        ...rest,
        onDiskFailure: diskSync.breakWith,
      });
      if (worker) gates.push(worker.gate);
      return worker;
    },
    transaction: (fn) => inTurn(() => db.transaction(fn).immediate()),
    derivedTransaction(fn, options = {}) {
      const tx = db.transaction(fn);
      if (options.waitForLock === false) {
        // busy_timeout 0 for this transaction only (restored after): SQLITE_BUSY at once if held.
        return (...args) =>
          inTurnNow(() => {
            durableLevel ??= Number(db.pragma('synchronous', { simple: true }));
            busyTimeout ??= Number(db.pragma('busy_timeout', { simple: true }));
            db.exec('PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 0');
            try {
              return tx.immediate(...args);
            } finally {
              db.exec(`PRAGMA synchronous = ${durableLevel}; PRAGMA busy_timeout = ${busyTimeout}`);
            }
          });
      }
      return (...args) =>
        inTurn(() => {
          durableLevel ??= Number(db.pragma('synchronous', { simple: true }));
          db.exec('PRAGMA synchronous = NORMAL');
          try {
            return tx.immediate(...args);
          } finally {
            db.exec(`PRAGMA synchronous = ${durableLevel}`);
          }
        });
    },
  };
}
