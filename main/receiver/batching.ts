// One writer for the receiver: every turn of the event loop commits, in ONE durable
// transaction (one fsync), the deliveries that arrived since the last turn, answers them, and
// then processes those committed before (without an fsync of its own, see processAll).
import type { Database } from 'better-sqlite3';
import type { NewEvent } from '../store/events';
import { processEvent, type ProcessResult } from './process';
import { reposFor } from './repos';

interface Waiting {
  event: NewEvent;
  resolve(r: { id: number; duplicate: boolean }): void;
  reject(e: unknown): void;
}

const PROCESS_SLICE = 200;
// While deliveries keep arriving, answering them comes first: a turn that commits some
// processes only a few earlier events, and the rest catch up as soon as the burst eases.
// Nothing is lost meanwhile: processing is redone at start for anything left unprocessed.
const BUSY_SLICE = Number(process.env.BUSY_SLICE ?? 2);

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
  let toProcess: Array<{ accountId: number; eventId: number }> = [];
  let head = 0;
  let scheduled = false;

  const schedule = (): void => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(flush);
  };

  function flush(): void {
    scheduled = false;
    const batch = inserts;
    // A backlog (thousands left unprocessed by a crash) is worked off in slices, so answers
    // to new deliveries never wait behind it.
    const slice = batch.length > 0 ? BUSY_SLICE : PROCESS_SLICE;
    // A head index, not shift/slice: a backlog of 100,000 would be copied every turn.
    const work = toProcess.slice(head, head + slice);
    head += work.length;
    if (head >= toProcess.length) {
      toProcess = [];
      head = 0;
    } else if (head > 4096 && head * 2 > toProcess.length) {
      toProcess = toProcess.slice(head);
      head = 0;
    }
    inserts = [];
    if (toProcess.length > head) schedule();
    if (isClosed() || !db.open) {
      for (const w of batch) w.reject(new Error('The receiver is closing.'));
      return;
    }
    let stored: Array<{ id: number; duplicate: boolean }> = [];
    try {
      if (batch.length > 0) stored = insertAll(batch.map((w) => w.event));
    } catch (e) {
      for (const w of batch) w.reject(e);
      batch.length = 0;
    }
    batch.forEach((w, i) => w.resolve(stored[i]!));
    if (work.length === 0) return;
    let processed: ProcessResult[] = [];
    try {
      processed = processAll(work);
    } catch {
      // Left unprocessed in the database; the next start processes them.
      return;
    }
    announce(processed);
  }

  const insertAll = (list: NewEvent[]) => events.insertVerifiedMany(list);
  const processBatch = db.transaction((work: Array<{ accountId: number; eventId: number }>) =>
    work
      .filter((w) => events.get(w.eventId)?.processedAt === null)
      .map((w) => processEvent(db, w.accountId, w.eventId, now)),
  );

  // Processing is derived from committed events and redone at start for any event not
  // marked processed, so its commit need not wait for the disk (WAL keeps the order: the
  // next durable commit flushes it too). That keeps the fsync budget for the deliveries.
  function processAll(work: Array<{ accountId: number; eventId: number }>): ProcessResult[] {
    const previous = db.pragma('synchronous', { simple: true });
    db.pragma('synchronous = NORMAL');
    try {
      return processBatch(work);
    } finally {
      db.pragma(`synchronous = ${Number(previous)}`);
    }
  }

  return {
    insertVerified(event) {
      return new Promise((resolve, reject) => {
        inserts.push({ event, resolve, reject });
        schedule();
      });
    },
    process(accountId, eventId) {
      toProcess.push({ accountId, eventId });
      schedule();
    },
  };
}
