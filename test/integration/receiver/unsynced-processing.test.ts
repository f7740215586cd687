// An event is committed before its disk sync and answered 200 after it. Processing (event →
// sale → delivered product) must not run on an event between the two: after a power cut the
// event is gone, Quaderno retries it, and the product would be delivered twice.
// With the insert worker no such gap exists on this connection: SQLite publishes the worker's
// commit only after its sync (worker-commit-order.test.ts), so only this thread's commits are
// tested here; the worker's way is in insert-worker-durable.test.ts.
import { describe, expect, it } from 'vitest';
import { createWriter, type WriterOptions } from '../../../main/receiver/batching';
import { holdDiskSyncs } from '../../support/held-disk-sync';
import { useTempDir } from '../../support/temp-dir';
import { useStoreWithAccount } from '../../support/test-store';
import { keylessEvent } from '../../support/keyless-event';

const tmp = useTempDir('cc-receiver-unsynced-');
const rig = useStoreWithAccount(tmp);

/** Lets the callbacks of three loop turns run: by then a processing turn would have. */
async function threeTurns(): Promise<void> {
  for (let n = 0; n < 3; n += 1) await new Promise((resolve) => setImmediate(resolve));
}

const event = (n: number) => keylessEvent(rig.accountId, n);

/**
 * A writer on the test store whose syncs are held, with one delivery committed (sync asked);
 * `order` gets a 'look-up' each time processing reads the backlog.
 */
async function heldWriter(options: WriterOptions) {
  const held = holdDiskSyncs(rig.store);
  const order: string[] = [];
  const { events } = held.repos;
  const unprocessedAfter: typeof events.unprocessedAfter = (...args) => {
    order.push('look-up');
    return events.unprocessedAfter(...args);
  };
  let closed = false;
  const writer = createWriter(
    { ...held.repos, events: { ...events, unprocessedAfter } },
    () => {},
    () => closed,
    options,
  );
  expect(await writer.insertsOffThread()).toBe(options.offThreadFrom === 0);
  const stop = async () => {
    closed = true;
    await writer.close();
  };
  const answer = writer.insertVerified(event(1));
  await expect.poll(() => held.count()).toBe(1);
  return { held, writer, stop, answer, order };
}

const unprocessed = () => rig.store.events.unprocessed(rig.accountId);

describe.each([['inserting on this thread', {}]])(
  'processing and the disk sync, %s',
  (_, options: WriterOptions) => {
    it('leaves a committed event alone until its sync ends, then processes it', async () => {
      const { held, writer, stop, answer } = await heldWriter(options);
      const [id] = unprocessed();
      // A look-up of the backlog (at start, or the retry after a failure) while the sync runs: a
      // turn that processed the event would have run by then.
      writer.processBacklog();
      await threeTurns();
      expect(unprocessed()).toEqual([id]);
      held.release();
      expect((await answer).id).toBe(id);
      await expect.poll(unprocessed).toEqual([]);
      await stop();
    });

    it('answers a synced batch before the look-up its sync lets go on, and before processing', async () => {
      const { held, writer, stop, answer, order } = await heldWriter(options);
      const [id] = unprocessed();
      writer.processBacklog();
      await threeTurns();
      // The answers of a batch are what Quaderno waits for; a look-up of up to 10,000 events and
      // a processing turn queued ahead of them would hold every one of those 200s back.
      const answered = answer.then(() => {
        order.push('answer');
        expect(unprocessed()).toEqual([id]);
      });
      held.release();
      await answered;
      await expect.poll(unprocessed).toEqual([]);
      expect(order).toEqual(['look-up', 'answer', 'look-up']);
      await stop();
    });

    it('still processes the synced backlog while a newer batch waits for the disk', async () => {
      const { held, writer, stop, answer } = await heldWriter(options);
      held.release();
      const older = (await answer).id;
      const second = writer.insertVerified(event(2));
      await expect.poll(() => held.count()).toBe(2);
      const newer = unprocessed().find((id) => id !== older);
      writer.processBacklog();
      await expect.poll(unprocessed).toEqual([newer]);
      held.release();
      await second;
      await expect.poll(unprocessed).toEqual([]);
      await stop();
    });

    it('never processes the events of a batch whose sync failed', async () => {
      const { held, writer, stop, answer } = await heldWriter(options);
      const before = unprocessed();
      held.fail(new Error('EIO: the disk went away'));
      await expect(answer).rejects.toThrow('EIO');
      writer.processBacklog();
      await threeTurns();
      expect(unprocessed()).toEqual(before);
      await stop();
    });
  },
);
