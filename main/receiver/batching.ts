// One writer for the receiver: every turn of the event loop commits, in ONE durable
// transaction (one fsync), the deliveries that arrived since the last turn together with the
// processing of those committed before. A delivery is answered only after the commit that
// holds it; processing lags one turn behind, which costs nothing when idle and halves the
// fsyncs under load.
import type { Database } from 'better-sqlite3';
import type { NewEvent } from '../store/events';
import { processEvent, type ProcessResult } from './process';
import { reposFor } from './repos';

interface Waiting {
  event: NewEvent;
  resolve(r: { id: number; duplicate: boolean }): void;
  reject(e: unknown): void;
}

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
  let scheduled = false;

  const schedule = (): void => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(flush);
  };

  function flush(): void {
    scheduled = false;
    const batch = inserts;
    const work = toProcess;
    inserts = [];
    toProcess = [];
    if (isClosed() || !db.open) {
      for (const w of batch) w.reject(new Error('The receiver is closing.'));
      return;
    }
    let stored: Array<{ id: number; duplicate: boolean }> = [];
    let processed: ProcessResult[] = [];
    try {
      db.transaction(() => {
        stored = batch.map((w) => events.insertVerified(w.event));
        // processEvent keeps its own savepoint: a failure there never undoes the inserts.
        processed = work
          .filter((w) => events.get(w.eventId)?.processedAt === null)
          .map((w) => processEvent(db, w.accountId, w.eventId, now));
      })();
    } catch (e) {
      for (const w of batch) w.reject(e);
      // The events are committed earlier or will be found unprocessed at the next start.
      return;
    }
    batch.forEach((w, i) => w.resolve(stored[i]!));
    if (processed.length > 0) announce(processed);
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
