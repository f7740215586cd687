// One writer for the receiver. The deliveries that arrived since the last commit are committed
// in ONE transaction, at the next loop turn when the disk is idle, else as soon as its sync ends;
// they are answered once that commit is on disk. The commit does not wait for the disk itself:
// the WAL is fsync'd from the thread pool (repos.syncToDisk), one sync at a time, so the event
// loop keeps reading and verifying the next deliveries while the disk works, and each sync
// covers one commit of everything before it (group commit). A 200 still means the event is on
// disk, as with a FULL commit.
// With `offThreadFrom`, a worker thread with its own connection takes the batches that large
// (repos.insertsOffThread, store/writer.ts) and their trip to the disk: it commits them with the
// fsync in its COMMIT and answers once they are on disk, and only then are they answered 200;
// no sync runs here for them. It is pipelined: each loop turn's verified deliveries are posted
// at once, while the worker still commits earlier ones (it takes all that queued into its next
// transaction), so this thread only reads, verifies, posts and answers. Its commits become
// visible to this thread's connection only once synced (SQLite's WAL), so processing needs no
// guard for them; its turns take the write lock through the worker's gate (a try: held off
// while the worker commits, run when it answers, which parks it for them). The worker starts
// with the first such batch and takes them once its connection is open. Smaller batches, and
// every batch if it cannot run or ends, are committed on this thread's connection, as before.
// If that transaction fails, each delivery is retried alone, so one row the store refuses
// cannot fail its neighbours; unless it failed because another connection holds the write lock
// (busy). The transactions here never wait for that lock in SQLite's busy handler (up to
// busy_timeout, 5 s, with the event loop frozen: no delivery read, no HEAD answered): they fail
// at once, and the batch is tried again from a timer, backing off, with what arrived meanwhile
// (group commit), the loop free in between. A delivery still refused LOCK_WAIT_MS after its
// first try is answered 500 (Quaderno retries), nothing of its batch written. Processing
// (event → sale) is processing.ts's, in turns of its own, and never reads an event whose batch
// is not synced yet.
import type { NewEvent, QuarantineRequest, QuarantineResult, Repos } from '../store';
import { errorCode } from '../error-code';
import type { ProcessResult } from './process';
import { createProcessingQueue } from './processing';

type OffThreadInserts = NonNullable<ReturnType<Repos['insertsOffThread']>>;
type StoredIds = Array<{ id: number; duplicate: boolean }>;

/** SQLITE_BUSY, SQLITE_LOCKED and their extended codes: another connection holds the lock. */
const isBusy = (e: unknown): boolean => /^SQLITE_(BUSY|LOCKED)/.test(errorCode(e) ?? '');

/** How long a delivery waits at most for another connection's write lock: busy_timeout's 5 s. */
export const LOCK_WAIT_MS = 5000;
/** The tries while the lock is held: 2, 4, 8 … ms apart, then every LOCK_RETRY_MAX_MS. */
const LOCK_RETRY_FIRST_MS = 2;
const LOCK_RETRY_MAX_MS = 100;

/** A delivery waiting for the write lock: when it was first refused as busy. */
interface LockWait {
  busySince?: number;
  reject(e: unknown): void;
}

interface Waiting extends LockWait {
  event: NewEvent;
  resolve(r: { id: number; duplicate: boolean }): void;
  /** The insert worker had it and ended: see commitHere. */
  afterWorker?: boolean;
}

interface WaitingQuarantine extends LockWait {
  request: QuarantineRequest;
  resolve(r: QuarantineResult): void;
}

/** Quarantines committed and not answered yet: answered (or failed) by the sync after them. */
interface Pending {
  answer(): void;
  fail(e: unknown): void;
}

const pendingOf = (stored: Array<[WaitingQuarantine, QuarantineResult]>): Pending => ({
  answer: () => stored.forEach(([w, r]) => w.resolve(r)),
  fail: (e) => stored.forEach(([w]) => w.reject(e)),
});

export interface Writer {
  insertVerified(event: NewEvent): Promise<{ id: number; duplicate: boolean }>;
  /**
   * Quarantines an unverified delivery in the same group commit as the verified ones (never on
   * the insert worker): resolves once it is on disk.
   */
  quarantine(request: QuarantineRequest): Promise<QuarantineResult>;
  process(accountId: number, eventId: number): void;
  /** Queues every stored event not processed yet (at start). */
  processBacklog(): void;
  /** Whether batches go to the insert worker: false if it cannot run (resolves once known). */
  insertsOffThread(): Promise<boolean>;
  /** Stops processing; resolves once the insert worker, if any, has closed its connection. */
  close(): Promise<void>;
}

export interface WriterOptions {
  /**
   * Batches of at least this many deliveries are inserted and committed on a worker thread
   * (repos.insertsOffThread), started with the first (0: at once, and every batch goes there);
   * undefined: always on this thread.
   */
  offThreadFrom?: number;
  /** A batch the worker has not answered within this long fails, and the worker is stopped. */
  answerWithinMs?: number;
}

export function createWriter(
  repos: Repos,
  announce: (results: ProcessResult[]) => void,
  isClosed: () => boolean,
  options: WriterOptions = {},
): Writer {
  const { events } = repos;
  const { offThreadFrom } = options;
  let offThread: OffThreadInserts | undefined;
  let offThreadReady: Promise<boolean> = Promise.resolve(false);
  // Batches go to it once it has opened its connection, and never again after it ends.
  let useOffThread = false;
  let offThreadTried = false;
  function startOffThread(): void {
    if (offThreadTried) return;
    offThreadTried = true;
    try {
      offThread = repos.insertsOffThread({ answerWithinMs: options.answerWithinMs });
    } catch {
      offThread = undefined; // no thread to be had: this one stores, as before
    }
    offThreadReady = offThread?.ready ?? Promise.resolve(false);
    void offThreadReady.then((ok) => (useOffThread = ok && !closed()));
  }
  if (offThreadFrom === 0) startOffThread();
  // Batches committed and not yet on disk (their senders wait for the sync).
  let awaitingDisk = 0;
  // The first new event id of each batch waiting for its sync. A batch whose sync failed is
  // never on disk as far as this run knows (later syncs fail too), so nothing from its first
  // id up is processed until the store is opened again.
  const syncing: number[] = [];
  let failedFrom = Infinity;
  const processing = createProcessingQueue(
    repos,
    announce,
    isClosed,
    // A burst: deliveries waiting for their commit (a turn queued before this loop turn's commit
    // runs first) or for the disk, here or in the worker.
    () => inserts.length > 0 || awaitingDisk > 0 || (offThread?.busy() ?? false),
    () => Math.min(failedFrom, ...syncing),
    // The worker's transaction holds the write lock: a turn would wait for it on this thread.
    {
      enter: () => offThread?.gate.enter(),
      tryEnter: () => offThread?.gate.tryEnter() ?? true,
      leave: () => offThread?.gate.leave(),
    },
  );
  const noLockWait = { waitForLock: false };
  const insertUnsynced = repos.derivedTransaction(
    (list: NewEvent[]) => events.insertVerifiedMany(list),
    noLockWait,
  );
  const quarantineUnsynced = repos.derivedTransaction(
    (list: QuarantineRequest[]) => events.quarantineMany(list),
    noLockWait,
  );
  let inserts: Waiting[] = [];
  let quarantines: WaitingQuarantine[] = [];
  let commitScheduled = false;
  // The next try while another connection holds the write lock, and the wait before the one after.
  let lockRetry: NodeJS.Timeout | null = null;
  let lockRetryMs = LOCK_RETRY_FIRST_MS;

  const closed = (): boolean => isClosed() || !repos.isOpen();

  function scheduleCommit(): void {
    if (commitScheduled) return;
    commitScheduled = true;
    // While the disk syncs, new deliveries wait for the next sync whatever happens: they are
    // committed when it ends, all in one transaction, rather than one commit each loop turn
    // (each rewrote the same hot table and index pages into the WAL). The worker needs no such
    // wait: it groups what queued while it synced by itself.
    if (lockRetry === null && (awaitingDisk === 0 || useOffThread)) setImmediate(commit);
  }

  // After a sync or the worker's answer: what queued meanwhile (not while the lock's next try
  // waits on its timer: that try takes it).
  function commitQueued(): void {
    if (commitScheduled && lockRetry === null) setImmediate(commit);
  }

  // Refused as busy: those within LOCK_WAIT_MS of their first refusal are returned, to be put
  // back in front of what queued since, and a try comes from a timer; the others get `e` (500).
  function waitForLock<W extends LockWait>(batch: W[], e: unknown): W[] {
    const now = performance.now();
    const kept: W[] = [];
    for (const w of batch) {
      w.busySince ??= now;
      if (now - w.busySince < LOCK_WAIT_MS) kept.push(w);
      else w.reject(e);
    }
    if (kept.length > 0) retryForLock();
    return kept;
  }

  function retryForLock(): void {
    commitScheduled = true;
    if (lockRetry !== null) return;
    lockRetry = setTimeout(() => {
      lockRetry = null;
      // While the disk syncs, the sync's end commits (scheduleCommit's rule).
      if (awaitingDisk === 0 || useOffThread) commit();
    }, lockRetryMs);
    lockRetryMs = Math.min(lockRetryMs * 2, LOCK_RETRY_MAX_MS);
  }

  const rejectClosing = (batch: Waiting[]): void => {
    for (const w of batch) w.reject(new Error('The receiver is closing.'));
  };

  function commit(): void {
    commitScheduled = false;
    const held = quarantines;
    quarantines = [];
    // Quarantines committed here share the verified batch's sync when it has one (each waited
    // for a sync of its own, the verified batch behind the quarantines' under a junk flood).
    const pending = held.length > 0 ? commitQuarantines(held) : undefined;
    const batch = inserts;
    inserts = [];
    const large = offThreadFrom !== undefined && batch.length >= offThreadFrom;
    if (large) startOffThread();
    // A batch waiting for the lock, or back from the worker, is tried here: the worker would
    // wait for the lock in its busy handler, past what is left of the batch's bound.
    const tried = batch.some((w) => w.busySince !== undefined || w.afterWorker === true);
    if (batch.length > 0 && closed()) rejectClosing(batch);
    else if (batch.length > 0 && large && offThread && useOffThread && !tried)
      commitOffThread(batch, offThread);
    else if (batch.length > 0) {
      return commitHere(
        batch,
        batch.some((w) => w.afterWorker === true),
        pending,
      );
    }
    if (pending) syncQuarantines(pending);
  }

  // `afterWorker`: the insert worker took this batch and ended; it may have committed some of
  // it first. Those rows are found here as duplicates, yet no sync has covered them: the sync
  // below must, and their processing waits for it (a look-up from the batch's lowest id).
  function commitHere(batch: Waiting[], afterWorker: boolean, also?: Pending): void {
    let stored: StoredIds;
    try {
      stored = insertUnsynced(batch.map((w) => w.event));
    } catch (e) {
      if (also) syncQuarantines(also);
      if (!isBusy(e)) return commitFailed(batch, e);
      for (const w of batch) w.afterWorker ||= afterWorker;
      inserts = waitForLock(batch, e).concat(inserts);
      return;
    }
    lockRetryMs = LOCK_RETRY_FIRST_MS;
    syncThenAnswer(batch, stored, afterWorker, also);
    if (afterWorker) processing.rescan();
  }

  // Unverified deliveries: one transaction for all that queued, as the verified ones (each used
  // to be a FULL commit of its own on this thread), answered after the sync that follows it.
  // The rows are never processed, so no look-up waits for their sync. Returns those committed
  // and waiting for that sync (the others are answered already).
  function commitQuarantines(batch: WaitingQuarantine[]): Pending | undefined {
    if (closed()) {
      for (const w of batch) w.reject(new Error('The receiver is closing.'));
      return undefined;
    }
    try {
      const results = quarantineUnsynced(batch.map((w) => w.request));
      lockRetryMs = LOCK_RETRY_FIRST_MS;
      return pendingOf(batch.map((w, i) => [w, results[i]!]));
    } catch (e) {
      if (!isBusy(e)) return quarantineOneByOne(batch);
      quarantines = waitForLock(batch, e).concat(quarantines);
      return undefined;
    }
  }

  // One row the store refuses must not fail its neighbours: a commit each. A body already
  // stored writes nothing, and its row may be in a commit whose sync failed: after a failed
  // sync none is answered, and otherwise the answers wait for a sync, as commitOneByOne's.
  function quarantineOneByOne(batch: WaitingQuarantine[]): Pending | undefined {
    const failure = repos.diskFailure();
    if (failure) {
      for (const w of batch) w.reject(failure);
      return undefined;
    }
    const stored: Array<[WaitingQuarantine, QuarantineResult]> = [];
    for (const w of batch) {
      try {
        stored.push([w, events.quarantine(w.request.event, w.request.keep)]);
      } catch (e) {
        w.reject(e);
      }
    }
    return stored.length > 0 ? pendingOf(stored) : undefined;
  }

  function syncQuarantines(pending: Pending): void {
    syncThen(pending.answer, pending.fail);
  }

  // One sync for everything committed before it. As it ends, what queued meanwhile is
  // committed (before these answers: the disk starts on the next sync sooner); then, synced,
  // `onSynced` runs at once and `answer` from a turn of its own (as when the commit was: the
  // processing the answers queue starts a loop turn later, after they have gone out); a failed
  // sync calls `fail` (a 500: Quaderno's retry then finds the event stored, a duplicate).
  function syncThen(answer: () => void, fail: (e: unknown) => void, onSynced?: () => void): void {
    processing.delivered();
    awaitingDisk += 1;
    repos
      .syncToDisk()
      .finally(() => {
        awaitingDisk -= 1;
        commitQueued();
      })
      .then(
        () => {
          onSynced?.();
          setImmediate(answer);
        },
        (e: unknown) => fail(e),
      );
  }

  // Not busy (commitHere keeps those for the lock's next try): a row the store refused, the disk.
  function commitFailed(batch: Waiting[], e: unknown): void {
    if (batch.length === 1) batch.forEach((w) => w.reject(e));
    else commitOneByOne(batch);
  }

  // Answered when the worker's commit is on disk; meanwhile the next batches are posted.
  function commitOffThread(batch: Waiting[], worker: OffThreadInserts): void {
    processing.delivered();
    const postedAt = performance.now();
    worker.insert(batch.map((w) => w.event)).then(
      (stored) => {
        processing.writerIdle();
        answerDurable(batch, stored);
      },
      (e: unknown) => {
        if (worker.stopped()) useOffThread = false;
        // Stopped for not answering, it may still hold the write lock (and commit the batch):
        // a 500 each, which Quaderno retries, rather than this thread waiting on that lock.
        if (closed() || worker.hung()) {
          if (closed()) rejectClosing(batch);
          else batch.forEach((w) => w.reject(e));
        } else if (isBusy(e)) {
          // Another connection held the lock (nothing of the batch committed): its wait counts
          // from when it was posted, so one that waited out the worker's busy_timeout gets its
          // 500 now; else it is tried here, without waiting, for what is left of LOCK_WAIT_MS.
          for (const w of batch) {
            w.busySince ??= postedAt;
            w.afterWorker ||= worker.stopped();
          }
          inserts = waitForLock(batch, e).concat(inserts);
        } else {
          // A batch the worker could not store (it ended, or the store refused a row) is
          // stored here in one transaction and one sync, not one durable commit per delivery.
          commitHere(batch, worker.stopped());
        }
        processing.writerIdle();
        if (awaitingDisk === 0) commitQueued();
      },
    );
  }

  // `also`: quarantines committed just before, answered after the same sync.
  function syncThenAnswer(
    batch: Waiting[],
    stored: StoredIds,
    unsyncedDuplicates = false,
    also?: Pending,
  ): void {
    // Duplicates wrote nothing; a promoted quarantined row keeps its older id, hence the min.
    const first = Math.min(
      ...stored.filter((r) => unsyncedDuplicates || !r.duplicate).map((r) => r.id),
    );
    syncing.push(first);
    const settle = (ok: boolean) => {
      syncing.splice(syncing.indexOf(first), 1);
      if (!ok) failedFrom = Math.min(failedFrom, first);
    };
    syncThen(
      () => {
        batch.forEach((w, i) => w.resolve(stored[i]!));
        also?.answer();
      },
      (e) => {
        settle(false);
        batch.forEach((w) => w.reject(e));
        also?.fail(e);
      },
      () => {
        settle(true);
        processing.synced();
      },
    );
  }

  // The worker's FULL commit put its new rows on disk. It wrote nothing for a duplicate, whose
  // row may be one this thread committed without waiting for the disk (a small batch, a batch
  // the worker failed) and still syncs: those answers wait for a sync here. (Only this receiver
  // writes events: one per data folder.) And after a failed sync nothing more is acknowledged,
  // whichever connection stored it.
  function answerDurable(batch: Waiting[], stored: StoredIds): void {
    const failure = repos.diskFailure();
    if (failure) return batch.forEach((w) => w.reject(failure));
    const unsyncedFrom = Math.min(...syncing);
    const answer = () => batch.forEach((w, i) => w.resolve(stored[i]!));
    if (!stored.some((r) => r.duplicate && r.id >= unsyncedFrom)) return answer();
    repos.syncToDisk().then(answer, (e: unknown) => batch.forEach((w) => w.reject(e)));
  }

  // A durable commit each: slow, but only after a batch failed. A duplicate wrote nothing, so
  // nothing was synced for it: the row found may be one the insert worker committed before it
  // ended, so its answer waits for a sync. After a failed sync none is answered: a commit's
  // clean fsync then proves nothing (its WAL frames may follow ones the disk lost).
  function commitOneByOne(batch: Waiting[]): void {
    const failure = repos.diskFailure();
    if (failure) return batch.forEach((w) => w.reject(failure));
    let anyStored = false;
    const duplicates: [Waiting, StoredIds[number]][] = [];
    for (const w of batch) {
      try {
        const r = events.insertVerified(w.event);
        anyStored = true;
        if (r.duplicate) duplicates.push([w, r]);
        else w.resolve(r);
      } catch (e) {
        w.reject(e);
      }
    }
    if (anyStored) processing.delivered();
    if (duplicates.length === 0) return;
    repos.syncToDisk().then(
      () => duplicates.forEach(([w, r]) => w.resolve(r)),
      (e: unknown) => duplicates.forEach(([w]) => w.reject(e)),
    );
  }

  return {
    insertVerified(event) {
      return new Promise((resolve, reject) => {
        inserts.push({ event, resolve, reject });
        scheduleCommit();
      });
    },
    quarantine(request) {
      return new Promise((resolve, reject) => {
        quarantines.push({ request, resolve, reject });
        scheduleCommit();
      });
    },
    process: (accountId, eventId) => processing.add(accountId, eventId),
    processBacklog: () => processing.rescan(),
    insertsOffThread: () => offThreadReady,
    async close() {
      useOffThread = false;
      processing.close();
      await offThread?.close();
    },
  };
}
