// How the worker writes a try's end: the job's new state and its Activity line commit together,
// and tries ending in the same turn of the event loop share one durable commit (the disk's wait
// is most of what a job costs the store: 1,500 forwards made 3,066 fsyncs with a commit each).
// An end the database refuses as busy (another process held the write lock past busy_timeout) is
// kept and written again until it commits or the store closes: a delivery that went out is never
// forgotten, which would run it again once its claim lapsed.
import type { DeliveryJob } from '../../preload/contract-delivery';
import { errorCode } from '../error-code';
import type { ActivityRepo } from '../store';
import type { ClaimedJob } from './types';

export interface EndingStore {
  activity: Pick<ActivityRepo, 'add'>;
  isOpen(): boolean;
  transaction<T>(fn: () => T): T;
}

/** Waits before writing again an end the database refused as busy; the last one repeats. */
const BUSY_RETRY_MS = [100, 250, 500, 1_000, 2_000];

/** SQLITE_BUSY, SQLITE_LOCKED and their extended codes: another connection holds the lock. */
const isBusy = (e: unknown): boolean => /^SQLITE_(BUSY|LOCKED)/.test(errorCode(e) ?? '');

/** The job's end (a repo call) and, from what it became, its Activity line. */
export interface Ending {
  job: ClaimedJob;
  /** Writes the end; null when it wrote nothing (the job is done, or another try holds it). */
  end: () => DeliveryJob | null;
  line: (after: DeliveryJob) => [kind: string, message: string];
}

/**
 * `record(ending)` resolves with the job as ended, undefined when it wrote nothing or the store
 * closed first, and rejects when that write failed other than busy. `written` hears each batch
 * once it is committed.
 */
export function createJobEndings(store: EndingStore, written: (ended: DeliveryJob[]) => void) {
  type Queued = Ending & {
    settle: (after: DeliveryJob | undefined, error?: unknown) => void;
    busyTries: number;
  };
  const queue: Queued[] = [];

  const enqueue = (e: Queued) => {
    if (queue.push(e) === 1) setImmediate(flush);
  };
  const later = (e: Queued) => {
    const wait = BUSY_RETRY_MS[Math.min(e.busyTries, BUSY_RETRY_MS.length - 1)];
    e.busyTries += 1;
    setTimeout(() => enqueue(e), wait);
  };

  const write = ({ job, end, line }: Ending): DeliveryJob | null => {
    const ended = end();
    if (ended === null) return null;
    const [kind, message] = line(ended);
    const detail = { saleId: job.saleId, jobId: job.id, ruleId: job.ruleId, attempt: job.attempts };
    store.activity.add(job.accountId, kind, message, detail);
    return ended;
  };

  function flush(): void {
    const batch = queue.splice(0);
    if (!store.isOpen()) return batch.forEach((e) => e.settle(undefined));
    const outcomes = new Map<Queued, { after?: DeliveryJob | null; error?: unknown }>();
    try {
      store.transaction(() => {
        for (const e of batch) {
          // Each in its own savepoint: one failing write does not undo the others.
          try {
            outcomes.set(e, { after: store.transaction(() => write(e)) });
          } catch (error) {
            outcomes.set(e, { error });
          }
        }
      });
    } catch (error) {
      return batch.forEach((e) => (isBusy(error) ? later(e) : e.settle(undefined, error)));
    }
    const ended: DeliveryJob[] = [];
    for (const e of batch) {
      const { after, error } = outcomes.get(e) ?? {};
      if (after) ended.push(after);
      if (isBusy(error)) later(e);
      else e.settle(after ?? undefined, error);
    }
    if (ended.length > 0) written(ended);
  }

  return {
    record(ending: Ending): Promise<DeliveryJob | undefined> {
      return new Promise((resolve, reject) => {
        const settle: Queued['settle'] = (after, error) =>
          error === undefined ? resolve(after) : reject(error);
        enqueue({ ...ending, settle, busyTries: 0 });
      });
    },
  };
}
