// One writer for the receiver. Every turn of the event loop commits, in ONE durable
// transaction (one fsync), the deliveries that arrived since the last turn, and answers them.
// Turning stored events into sales (processing) runs in turns of its own, after those answers
// are written, on a time budget: while deliveries keep arriving it takes BUSY_BUDGET_MS at most
// every BUSY_INTERVAL_MS (a twenty-fifth of the receiver's time), so a burst is acknowledged at full speed and
// its first sales still show; once the burst eases, the rest is worked off in IDLE_BUDGET_MS
// slices that new deliveries interleave with. Nothing is lost meanwhile: processing is redone
// at start for anything left unprocessed.
import type { Database } from 'better-sqlite3';
import type { NewEvent } from '../store/events';
import { processEvent, type ProcessResult } from './process';
import { reposFor } from './repos';

interface Waiting {
  event: NewEvent;
  resolve(r: { id: number; duplicate: boolean }): void;
  reject(e: unknown): void;
}

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

export interface Writer {
  insertVerified(event: NewEvent): Promise<{ id: number; duplicate: boolean }>;
  process(accountId: number, eventId: number): void;
}

export function createWriter(
  db: Database,
  now: () => string,
  announce: (results: ProcessResult[]) => void,
  isClosed: () => boolean,
): Writer {
  const { events } = reposFor(db, now);
  let inserts: Waiting[] = [];
  let commitScheduled = false;
  // A head index, not shift/slice: a backlog of 100,000 would be copied every turn.
  let toProcess: Work[] = [];
  let head = 0;
  let processTimer: NodeJS.Immediate | NodeJS.Timeout | null = null;
  let lastDeliveryAt = -Infinity;
  let lastBusySliceAt = -Infinity;

  const closed = (): boolean => isClosed() || !db.open;

  function scheduleCommit(): void {
    if (commitScheduled) return;
    commitScheduled = true;
    setImmediate(commit);
  }

  function scheduleProcessing(delayMs = 0): void {
    if (processTimer !== null || head >= toProcess.length) return;
    if (delayMs <= 0) {
      processTimer = setImmediate(processTurn);
    } else {
      processTimer = setTimeout(processTurn, delayMs);
      processTimer.unref();
    }
  }

  function commit(): void {
    commitScheduled = false;
    const batch = inserts;
    inserts = [];
    if (batch.length === 0) return;
    if (closed()) {
      for (const w of batch) w.reject(new Error('The receiver is closing.'));
      return;
    }
    lastDeliveryAt = performance.now();
    let stored: Array<{ id: number; duplicate: boolean }>;
    try {
      stored = events.insertVerifiedMany(batch.map((w) => w.event));
    } catch (e) {
      for (const w of batch) w.reject(e);
      return;
    }
    batch.forEach((w, i) => w.resolve(stored[i]!));
  }

  function processTurn(): void {
    processTimer = null;
    if (closed() || head >= toProcess.length) return;
    const started = performance.now();
    const busy = started - lastDeliveryAt < BUSY_WINDOW_MS;
    if (busy && started - lastBusySliceAt < BUSY_INTERVAL_MS) {
      scheduleProcessing(BUSY_INTERVAL_MS - (started - lastBusySliceAt));
      return;
    }
    if (busy) lastBusySliceAt = started;
    const work = toProcess.slice(head, head + MAX_SLICE);
    let done = work.length;
    let processed: ProcessResult[] = [];
    try {
      ({ done, processed } = processAll(work, started + (busy ? BUSY_BUDGET_MS : IDLE_BUDGET_MS)));
    } catch {
      // Left unprocessed in the database; the next start processes them.
    }
    head += done;
    if (head >= toProcess.length) {
      toProcess = [];
      head = 0;
    } else if (head > 4096 && head * 2 > toProcess.length) {
      toProcess = toProcess.slice(head);
      head = 0;
    }
    scheduleProcessing();
    if (processed.length > 0) announce(processed);
  }

  const processBatch = db.transaction((work: Work[], deadline: number) => {
    const processed: ProcessResult[] = [];
    let done = 0;
    for (const w of work) {
      done += 1;
      if (events.isUnprocessed(w.eventId)) {
        processed.push(processEvent(db, w.accountId, w.eventId, now));
      }
      if (performance.now() >= deadline) break;
    }
    return { done, processed };
  });

  // Processing is derived from committed events and redone at start for any event not
  // marked processed, so its commit need not wait for the disk (WAL keeps the order: the
  // next durable commit flushes it too). That keeps the fsync budget for the deliveries.
  function processAll(
    work: Work[],
    deadline: number,
  ): { done: number; processed: ProcessResult[] } {
    const previous = db.pragma('synchronous', { simple: true });
    db.pragma('synchronous = NORMAL');
    try {
      return processBatch(work, deadline);
    } finally {
      db.pragma(`synchronous = ${Number(previous)}`);
    }
  }

  return {
    insertVerified(event) {
      return new Promise((resolve, reject) => {
        inserts.push({ event, resolve, reject });
        scheduleCommit();
      });
    },
    process(accountId, eventId) {
      toProcess.push({ accountId, eventId });
      scheduleProcessing();
    },
  };
}
