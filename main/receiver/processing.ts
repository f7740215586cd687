// Turning stored events into sales (processing) runs in turns of its own, after the answers
// are written, on a time budget: while deliveries keep arriving (stored or answered less than
// BUSY_WINDOW_MS ago, or waiting for the disk) it takes BUSY_BUDGET_MS at most every
// BUSY_INTERVAL_MS (a twenty-fifth of the receiver's time), so a burst is acknowledged at full
// speed and its first sales still show; once the burst eases, the rest is worked off in
// IDLE_BUDGET_MS slices that new deliveries interleave with.
// Processing can fail after the 200 (a full disk, a locked database): those events stay
// unprocessed in the database and are looked up again on a backing-off timer and after the next
// successful write, so they become sales without a restart. A turn never waits in SQLite's busy
// handler (the event loop frozen up to busy_timeout) for another connection's write lock: it
// fails at once, as busy, and backs off like any other failure.
// An event is committed before its disk sync and answered after it: the look-ups stop short of
// the batches not yet synced (`processableBelow`) and go on once they are (`synced`). A sale
// made from an event a power cut then loses would be made again from Quaderno's retry, and its
// product delivered twice.
import type { Repos } from '../store';
import { processEvent, type ProcessResult } from './process';

interface Work {
  accountId: number;
  eventId: number;
}

/** Deliveries within this long of each other count as one burst. */
const BUSY_WINDOW_MS = 25;
const BUSY_INTERVAL_MS = 50;
const BUSY_BUDGET_MS = 2;
const IDLE_BUDGET_MS = 25;
/** Events per processing transaction at most (each is checked against the budget). */
const MAX_SLICE = 500;
/** Unprocessed events queued per look-up; the next look-up continues after the last one. */
const RESCAN_BATCH = 10_000;
const RETRY_FIRST_MS = 500;
const RETRY_MAX_MS = 10_000;

/** The write lock's turn, shared with the insert worker (store/writer-gate.ts). */
export interface WriteTurn {
  /** Waits for it (the worker's transaction in progress, at most). */
  enter(): void;
  /** Takes it only if free now. */
  tryEnter(): boolean;
  leave(): void;
}

export interface ProcessingQueue {
  add(accountId: number, eventId: number): void;
  /** A delivery was just committed: the disk takes writes again, so retry failures now. */
  delivered(): void;
  /** Queues the stored events not processed yet (at start, and to retry after a failure). */
  rescan(): void;
  /** A batch's sync ended: its answers go out (the burst goes on); a look-up cut short goes on. */
  synced(): void;
  /** The insert worker handed its batch back: what `writerBusy` held off runs now. */
  writerIdle(): void;
  close(): void;
}

export function createProcessingQueue(
  repos: Repos,
  announce: (results: ProcessResult[]) => void,
  isClosed: () => boolean,
  /** Deliveries are committed and waiting for the disk: a burst, however slow the disk. */
  awaitingDisk: () => boolean = () => false,
  /** Events from this id up may not be on disk yet (or never: their sync failed). */
  processableBelow: () => number = () => Infinity,
  /**
   * The write turn shared with the insert worker (store/writer-gate.ts): `tryEnter` is false
   * while the worker's transaction holds the write lock, which a turn here would wait for on
   * this thread; the worker parks for us after that commit, and `writerIdle` comes with its
   * answer (a turn held off once waits, the next time). A look-up is held off with the turn it
   * leads to.
   */
  writeTurn: WriteTurn = { enter: () => {}, tryEnter: () => true, leave: () => {} },
): ProcessingQueue {
  const { events } = repos;
  // A head index, not shift/slice: a backlog of 100,000 would be copied every turn.
  let queue: Work[] = [];
  let head = 0;
  let timer: NodeJS.Timeout | null = null;
  let immediate: NodeJS.Immediate | null = null;
  let retryTimer: NodeJS.Timeout | null = null;
  let retryDelay = RETRY_FIRST_MS;
  let retryAt = 0;
  let failed = false;
  let cursor = 0;
  // A look-up stopped at an event not yet on disk; it goes on from `cursor` at the next sync.
  let waitingForSync = false;
  let lookUpQueued = false;
  // Held off by writerBusy, for writerIdle.
  let heldLookUp = false;
  let heldTurn = false;
  let heldTurns = 0;
  let lastDeliveryAt = -Infinity;
  let lastBusySliceAt = -Infinity;
  const closed = (): boolean => isClosed() || !repos.isOpen();

  function schedule(delayMs = 0): void {
    if (timer !== null || immediate !== null || head >= queue.length) return;
    if (delayMs <= 0) {
      immediate = setImmediate(turn);
    } else {
      timer = setTimeout(turn, delayMs);
      timer.unref();
    }
  }

  function rescan(): void {
    if (closed()) return;
    if (!writeTurn.tryEnter()) {
      heldLookUp = true;
      return;
    }
    writeTurn.leave();
    let found: Work[];
    try {
      found = events.unprocessedAfter(cursor, RESCAN_BATCH);
    } catch {
      failed = true;
      return scheduleRetry();
    }
    const below = processableBelow();
    const cut = found.findIndex((w) => w.eventId >= below);
    if (cut >= 0) {
      found = found.slice(0, cut);
      waitingForSync = true;
      cursor = found.length > 0 ? found[found.length - 1]!.eventId : cursor;
    } else {
      waitingForSync = false;
      cursor = found.length === RESCAN_BATCH ? found[found.length - 1]!.eventId : 0;
    }
    for (const w of found) queue.push(w);
    schedule();
  }

  function scheduleRetry(): void {
    if (retryTimer !== null || closed()) return;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      if (head < queue.length) return; // the turn that drains the queue comes back here
      failed = false;
      // From the start: the failed events may lie before where the last scan stopped.
      cursor = 0;
      rescan();
    }, retryDelay);
    retryTimer.unref();
    retryAt = performance.now() + retryDelay;
    retryDelay = Math.min(retryDelay * 2, RETRY_MAX_MS);
  }

  function turn(): void {
    timer = immediate = null;
    if (closed() || head >= queue.length) return;
    const started = performance.now();
    const busy = started - lastDeliveryAt < BUSY_WINDOW_MS || awaitingDisk();
    if (busy && started - lastBusySliceAt < BUSY_INTERVAL_MS) {
      schedule(BUSY_INTERVAL_MS - (started - lastBusySliceAt));
      return;
    }
    // A turn held off once waits for the worker's transaction in progress the next time (one
    // insert and sync at most), so processing goes on under continuous load.
    if (heldTurns > 0) writeTurn.enter();
    else if (!writeTurn.tryEnter()) {
      heldTurn = true;
      heldTurns += 1;
      return;
    }
    heldTurns = 0;
    if (busy) lastBusySliceAt = started;
    const work = queue.slice(head, head + MAX_SLICE);
    let done = work.length;
    let processed: ProcessResult[] = [];
    try {
      ({ done, processed } = processAll(work, started + (busy ? BUSY_BUDGET_MS : IDLE_BUDGET_MS)));
    } catch {
      failed = true; // left unprocessed in the database; the retry finds them
    } finally {
      writeTurn.leave();
    }
    head += done;
    if (head >= queue.length) {
      queue = [];
      head = 0;
    } else if (head > 4096 && head * 2 > queue.length) {
      queue = queue.slice(head);
      head = 0;
    }
    if (head < queue.length) schedule();
    else if (failed) scheduleRetry();
    else if (cursor !== 0 && !waitingForSync) rescan();
    else retryDelay = RETRY_FIRST_MS;
    if (processed.length > 0) announce(processed);
  }

  // Processing is derived from committed events and redone for any event not marked
  // processed, so its commit need not wait for the disk. That keeps the fsync budget for the
  // deliveries.
  const processAll = repos.derivedTransaction(
    (work: Work[], deadline: number) => {
      const processed: ProcessResult[] = [];
      let done = 0;
      for (const w of work) {
        done += 1;
        if (events.isUnprocessed(w.eventId)) {
          const r = processEvent(repos, w.accountId, w.eventId);
          // An error that left the event unprocessed may pass (a permanent one marks it done).
          if (r.error !== null && events.isUnprocessed(w.eventId)) failed = true;
          processed.push(r);
        }
        if (performance.now() >= deadline) break;
      }
      return { done, processed };
    },
    { waitForLock: false },
  );

  return {
    add(accountId, eventId) {
      queue.push({ accountId, eventId });
      schedule();
    },
    delivered() {
      lastDeliveryAt = performance.now();
      // Brings a backed-off retry closer; never pushes one back (deliveries come every ms).
      if (!failed || retryTimer === null || retryAt - lastDeliveryAt <= RETRY_FIRST_MS) return;
      clearTimeout(retryTimer);
      retryTimer = null;
      retryDelay = RETRY_FIRST_MS;
      scheduleRetry();
    },
    rescan,
    synced() {
      // Its senders are answered now and come back at once: the burst goes on. Counted from the
      // commit alone, a sync longer than BUSY_WINDOW_MS ended in a long slice that held them.
      lastDeliveryAt = performance.now();
      if (!waitingForSync || lookUpQueued) return;
      lookUpQueued = true;
      // The writer queues this batch's answers right after telling us: a look-up two turns on
      // lets those 200s go out first (one turn on would still run ahead of them).
      setImmediate(() =>
        setImmediate(() => {
          lookUpQueued = false;
          if (waitingForSync) rescan();
        }),
      );
    },
    writerIdle() {
      // As synced(): the worker's batch is answered now.
      lastDeliveryAt = performance.now();
      const [lookUp, turnHeld] = [heldLookUp, heldTurn];
      heldLookUp = heldTurn = false;
      if (lookUp) rescan();
      if (turnHeld) schedule();
    },
    close() {
      if (timer !== null) clearTimeout(timer);
      if (immediate !== null) clearImmediate(immediate);
      if (retryTimer !== null) clearTimeout(retryTimer);
      timer = retryTimer = immediate = null;
    },
  };
}
