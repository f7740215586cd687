// One writer for the receiver. Every turn of the event loop commits, in ONE durable
// transaction (one fsync), the deliveries that arrived since the last turn, and answers them.
// If that transaction fails, each delivery is retried alone, so one row the store refuses
// cannot fail its neighbours. Processing (event → sale) is processing.ts's, in turns of its own.
import type { NewEvent, Repos } from '../store';
import type { ProcessResult } from './process';
import { createProcessingQueue } from './processing';

interface Waiting {
  event: NewEvent;
  resolve(r: { id: number; duplicate: boolean }): void;
  reject(e: unknown): void;
}

export interface Writer {
  insertVerified(event: NewEvent): Promise<{ id: number; duplicate: boolean }>;
  process(accountId: number, eventId: number): void;
  /** Queues every stored event not processed yet (at start). */
  processBacklog(): void;
  close(): void;
}

export function createWriter(
  repos: Repos,
  announce: (results: ProcessResult[]) => void,
  isClosed: () => boolean,
): Writer {
  const { events } = repos;
  const processing = createProcessingQueue(repos, announce, isClosed);
  let inserts: Waiting[] = [];
  let commitScheduled = false;

  const closed = (): boolean => isClosed() || !repos.isOpen();

  function scheduleCommit(): void {
    if (commitScheduled) return;
    commitScheduled = true;
    setImmediate(commit);
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
    let stored: Array<{ id: number; duplicate: boolean }>;
    try {
      stored = events.insertVerifiedMany(batch.map((w) => w.event));
    } catch (e) {
      if (batch.length === 1) batch[0]!.reject(e);
      else commitOneByOne(batch);
      return;
    }
    processing.delivered();
    batch.forEach((w, i) => w.resolve(stored[i]!));
  }

  // A durable commit each: slow, but only after a batch failed.
  function commitOneByOne(batch: Waiting[]): void {
    let anyStored = false;
    for (const w of batch) {
      try {
        const r = events.insertVerified(w.event);
        anyStored = true;
        w.resolve(r);
      } catch (e) {
        w.reject(e);
      }
    }
    if (anyStored) processing.delivered();
  }

  return {
    insertVerified(event) {
      return new Promise((resolve, reject) => {
        inserts.push({ event, resolve, reject });
        scheduleCommit();
      });
    },
    process: (accountId, eventId) => processing.add(accountId, eventId),
    processBacklog: () => processing.rescan(),
    close: () => processing.close(),
  };
}
