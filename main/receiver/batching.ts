// One writer for the receiver. The deliveries that arrived since the last commit are committed
// in ONE transaction, at the next loop turn when the disk is idle, else as soon as its sync ends;
// they are answered once that commit is on disk. The commit does not wait for the disk itself:
// the WAL is fsync'd from the thread pool (repos.syncToDisk), one sync at a time, so the event
// loop keeps reading and verifying the next deliveries while the disk works, and each sync
// covers one commit of everything before it (group commit). A 200 still means the event is on
// disk, as with a FULL commit.
// If that transaction fails, each delivery is retried alone, so one row the store refuses
// cannot fail its neighbours. Processing (event → sale) is processing.ts's, in turns of its own,
// and never reads an event whose batch is not synced yet.
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
    () => awaitingDisk > 0,
    () => Math.min(failedFrom, ...syncing),
  );
  const insertUnsynced = repos.derivedTransaction((list: NewEvent[]) =>
    events.insertVerifiedMany(list),
  );
  let inserts: Waiting[] = [];
  let commitScheduled = false;

  const closed = (): boolean => isClosed() || !repos.isOpen();

  function scheduleCommit(): void {
    if (commitScheduled) return;
    commitScheduled = true;
    // While the disk syncs, new deliveries wait for the next sync whatever happens: they are
    // committed when it ends, all in one transaction, rather than one commit each loop turn
    // (each rewrote the same hot table and index pages into the WAL).
    if (awaitingDisk === 0) setImmediate(commit);
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
      stored = insertUnsynced(batch.map((w) => w.event));
    } catch (e) {
      if (batch.length === 1) batch[0]!.reject(e);
      else commitOneByOne(batch);
      return;
    }
    // Answered from a turn of its own, as when the commit was: the processing those answers
    // queue then starts a loop turn later, after the answers have gone out. A failed sync
    // answers 500: Quaderno's retry then finds the event stored (a duplicate).
    processing.delivered();
    awaitingDisk += 1;
    // Duplicates wrote nothing; a promoted quarantined row keeps its older id, hence the min.
    const first = Math.min(...stored.filter((r) => !r.duplicate).map((r) => r.id));
    syncing.push(first);
    const settle = (ok: boolean) => {
      syncing.splice(syncing.indexOf(first), 1);
      if (!ok) failedFrom = Math.min(failedFrom, first);
    };
    repos
      .syncToDisk()
      .finally(() => {
        awaitingDisk -= 1;
        // Before this batch's answers: the disk starts on the next sync sooner.
        if (commitScheduled) setImmediate(commit);
      })
      .then(
        () => {
          settle(true);
          processing.synced();
          setImmediate(() => batch.forEach((w, i) => w.resolve(stored[i]!)));
        },
        (e: unknown) => {
          settle(false);
          batch.forEach((w) => w.reject(e));
        },
      );
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
