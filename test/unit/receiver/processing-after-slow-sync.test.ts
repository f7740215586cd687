// While deliveries keep coming, processing takes short slices (2 ms every 50 ms) so the answers
// go out at full speed. Neither a sync that kept a batch waiting on the disk nor deliveries still
// waiting for their commit is a pause in them: a long slice (25 ms) started then held every
// delivery behind it, which is how a slow sync grew into the receiver's worst latencies.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createWriter } from '../../../main/receiver/batching';
import type { Store } from '../../../main/store';
import { holdDiskSyncs } from '../../support/held-disk-sync';
import { keylessEvent } from '../../support/keyless-event';
import { useTempDir } from '../../support/temp-dir';
import { openStoreWithAccount } from '../../support/test-store';

const tmp = useTempDir('cc-processing-after-slow-sync-');

afterEach(() => {
  vi.restoreAllMocks();
});

/** The clock `performance.now` reads: it moves half a ms each read, and as a test moves it. */
interface Clock {
  ms: number;
}

/**
 * The store's insert worker, each answer of which comes a second late on `clock`: the worker
 * took that long over its batch (its commit and sync), as a slow disk would make it.
 */
function slowWorker(store: Store, clock: Clock): Store {
  return {
    ...store,
    insertsOffThread: (options) => {
      const worker = store.insertsOffThread(options);
      if (worker === undefined) return undefined;
      return {
        ...worker,
        insert: (list) =>
          worker.insert(list).then((stored) => {
            clock.ms += 1000;
            return stored;
          }),
      };
    },
  };
}

/**
 * A writer whose syncs the test releases, on a clock that moves half a ms each read; with
 * `worker`, every batch goes to the insert worker instead (slowWorker: no sync here to hold).
 */
function rig({ worker = false } = {}) {
  const { store, accountId } = openStoreWithAccount(tmp.file('console.db'));
  const held = holdDiskSyncs(store);
  // A slice's size in events is then its time budget, whatever this machine's speed.
  const clock: Clock = { ms: 0 };
  // Events processed per turn, in order (the writer announces each turn's results).
  const turns: number[] = [];
  let closed = false;
  const writer = createWriter(
    worker ? slowWorker(held.repos, clock) : held.repos,
    (results) => turns.push(results.length),
    () => closed,
    worker ? { offThreadFrom: 0 } : {},
  );
  vi.spyOn(performance, 'now').mockImplementation(() => (clock.ms += 0.5));
  const backlog = (from: number) =>
    Array.from(
      { length: 60 },
      (_, i) => store.events.insertVerified(keylessEvent(accountId, from + i)).id,
    );
  const stop = async () => {
    closed = true;
    await writer.close();
    store.close();
  };
  return { accountId, held, turns, writer, clock, backlog, stop };
}

// 2 ms at half a millisecond a read is a handful of events; a 25 ms slice would be 50.
const SHORT_SLICE = 10;

describe('processing while deliveries keep coming', () => {
  it('keeps to a short slice when the batch that waited for the disk has just been answered', async () => {
    const { accountId, held, turns, writer, clock, backlog, stop } = rig();
    const first = writer.insertVerified(keylessEvent(accountId, 0));
    await expect.poll(held.count).toBe(1);
    clock.ms += 1000; // the disk took a second over that batch's sync
    held.release();
    const stored = await first;
    for (const id of [stored.id, ...backlog(1)]) writer.process(accountId, id);

    await expect.poll(() => turns.length).toBeGreaterThan(0);
    expect(turns[0]).toBeLessThan(SHORT_SLICE);
    await stop();
  });

  it('keeps to a short slice when deliveries wait for their commit behind it', async () => {
    const { accountId, held, turns, writer, backlog, stop } = rig();
    // Queued first, so its turn runs before the commit of the delivery that arrives next.
    for (const id of backlog(1)) writer.process(accountId, id);
    const delivery = writer.insertVerified(keylessEvent(accountId, 0));

    await expect.poll(() => turns.length).toBeGreaterThan(0);
    expect(turns[0]).toBeLessThan(SHORT_SLICE);
    await expect.poll(held.count).toBe(1);
    held.release();
    await delivery;
    await stop();
  });

  it('keeps to a short slice when the insert worker has just answered a batch it took long over', async () => {
    const { accountId, held, turns, writer, backlog, stop } = rig({ worker: true });
    expect(await writer.insertsOffThread()).toBe(true);
    const stored = await writer.insertVerified(keylessEvent(accountId, 0));
    for (const id of [stored.id, ...backlog(1)]) writer.process(accountId, id);

    await expect.poll(() => turns.length).toBeGreaterThan(0);
    expect(turns[0]).toBeLessThan(SHORT_SLICE);
    // The worker's commit waits for the disk itself: no sync on this thread was asked for.
    expect(held.count()).toBe(0);
    await stop();
  });
});
