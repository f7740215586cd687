// Group commit: deliveries that arrive together share one durable transaction (one fsync),
// and each is still answered only after that commit. Processing batches the same way.
import type { Database } from 'better-sqlite3';
import { createEventsRepo, type NewEvent } from '../store/events';
import { processEvent, type ProcessResult } from './process';

interface Waiting {
  event: NewEvent;
  resolve(r: { id: number; duplicate: boolean }): void;
  reject(e: unknown): void;
}

export function createGroupCommit(db: Database, now: () => string) {
  const events = createEventsRepo(db, now);
  let queue: Waiting[] = [];
  const flush = (): void => {
    const batch = queue;
    queue = [];
    try {
      const results = db.transaction(() => batch.map((w) => events.insertVerified(w.event)))();
      batch.forEach((w, i) => w.resolve(results[i]!));
    } catch (e) {
      for (const w of batch) w.reject(e);
    }
  };
  return {
    insertVerified(event: NewEvent): Promise<{ id: number; duplicate: boolean }> {
      return new Promise((resolve, reject) => {
        if (queue.push({ event, resolve, reject }) === 1) setImmediate(flush);
      });
    },
  };
}

export function createProcessQueue(
  db: Database,
  now: () => string,
  announce: (results: ProcessResult[]) => void,
  isClosed: () => boolean,
) {
  let queue: Array<{ accountId: number; eventId: number }> = [];
  const flush = (): void => {
    const batch = queue;
    queue = [];
    if (isClosed() || !db.open) return;
    const events = createEventsRepo(db, now);
    const results = db.transaction(() =>
      batch
        .filter((b) => events.get(b.eventId)?.processedAt === null)
        .map((b) => processEvent(db, b.accountId, b.eventId, now)),
    )();
    announce(results);
  };
  return {
    add(accountId: number, eventId: number): void {
      if (queue.push({ accountId, eventId }) === 1) setImmediate(flush);
    },
  };
}
