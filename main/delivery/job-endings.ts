// How the worker writes a try's end: the job's new state and its Activity line commit together,
// and tries ending in the same turn of the event loop share one durable commit (the disk's wait
// is most of what a job costs the store: 1,500 forwards made 3,066 fsyncs with a commit each).
import type { DeliveryJob } from '../../preload/contract-delivery';
import type { ActivityRepo } from '../store';
import type { ClaimedJob } from './types';

export interface EndingStore {
  activity: Pick<ActivityRepo, 'add'>;
  isOpen(): boolean;
  transaction<T>(fn: () => T): T;
}

/** The job's end (a repo call) and, from what it became, its Activity line. */
export interface Ending {
  job: ClaimedJob;
  end: () => DeliveryJob;
  line: (after: DeliveryJob) => [kind: string, message: string];
}

/**
 * `record(ending)` resolves with the job as ended, undefined when the store closed first, and
 * rejects when that write failed. `written` hears each batch once it is committed.
 */
export function createJobEndings(store: EndingStore, written: (ended: DeliveryJob[]) => void) {
  type Queued = Ending & { settle: (after: DeliveryJob | undefined, error?: unknown) => void };
  const queue: Queued[] = [];

  const write = ({ job, end, line }: Ending): DeliveryJob => {
    const ended = end();
    const [kind, message] = line(ended);
    const detail = { saleId: job.saleId, jobId: job.id, ruleId: job.ruleId, attempt: job.attempts };
    store.activity.add(job.accountId, kind, message, detail);
    return ended;
  };

  function flush(): void {
    const batch = queue.splice(0);
    if (!store.isOpen()) return batch.forEach((e) => e.settle(undefined));
    const outcomes = new Map<Queued, { after?: DeliveryJob; error?: unknown }>();
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
      return batch.forEach((e) => e.settle(undefined, error));
    }
    const ended: DeliveryJob[] = [];
    for (const e of batch) {
      const { after, error } = outcomes.get(e) ?? {};
      if (after) ended.push(after);
      e.settle(after, error);
    }
    written(ended);
  }

  return {
    record(ending: Ending): Promise<DeliveryJob | undefined> {
      return new Promise((resolve, reject) => {
        const settle: Queued['settle'] = (after, error) =>
          error === undefined ? resolve(after) : reject(error);
        if (queue.push({ ...ending, settle }) === 1) setImmediate(flush);
      });
    },
  };
}
