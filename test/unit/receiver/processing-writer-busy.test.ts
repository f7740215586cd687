// While the receiver's insert worker commits, it holds the write lock: a processing turn would
// wait for it on the receiving thread, so none runs then, nor the look-up of the backlog that
// leads to one. What was held off runs when the worker answers (and parks for it).
import { describe, expect, it } from 'vitest';
import { createProcessingQueue } from '../../../main/receiver/processing';
import { useTempDir } from '../../support/temp-dir';
import { useStoreWithAccount } from '../../support/test-store';
import { keylessEvent } from '../../support/keyless-event';

const tmp = useTempDir('cc-processing-writer-busy-');
const rig = useStoreWithAccount(tmp);

async function threeTurns(): Promise<void> {
  for (let n = 0; n < 3; n += 1) await new Promise((resolve) => setImmediate(resolve));
}

function storedEvent(n: number): number {
  return rig.store.events.insertVerified(keylessEvent(rig.accountId, n)).id;
}

function queueWithWriter() {
  let busy = true;
  let lookUps = 0;
  const { events } = rig.store;
  const unprocessedAfter: typeof events.unprocessedAfter = (...args) => {
    lookUps += 1;
    return events.unprocessedAfter(...args);
  };
  const queue = createProcessingQueue(
    { ...rig.store, events: { ...events, unprocessedAfter } },
    () => {},
    () => false,
    () => false,
    () => Infinity,
    { enter: () => {}, tryEnter: () => !busy, leave: () => {} },
  );
  const idle = () => {
    busy = false;
    queue.writerIdle();
  };
  return { queue, idle, lookUps: () => lookUps };
}

const unprocessed = () => rig.store.events.unprocessed(rig.accountId);

describe('processing while the insert worker holds a batch', () => {
  it('reads no backlog until the worker hands its batch back', async () => {
    const { queue, idle, lookUps } = queueWithWriter();
    const id = storedEvent(1);
    queue.rescan();
    await threeTurns();
    expect(lookUps()).toBe(0);
    expect(unprocessed()).toEqual([id]);
    idle();
    await expect.poll(unprocessed).toEqual([]);
    expect(lookUps()).toBeGreaterThan(0);
    queue.close();
  });

  it('runs a queued turn only once the worker is idle', async () => {
    const { queue, idle } = queueWithWriter();
    const id = storedEvent(2);
    queue.add(rig.accountId, id);
    await threeTurns();
    expect(unprocessed()).toEqual([id]);
    idle();
    await expect.poll(unprocessed).toEqual([]);
    queue.close();
  });
});
