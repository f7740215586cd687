// A delivery is answered only once its commit is on disk: the writer commits without waiting
// for the disk and then waits for the store's WAL sync (run off the event loop).
// The insert worker's way (its commit syncs inside the worker, the answer waits for it, no
// sync here) is tested in test/integration/receiver/insert-worker-durable.test.ts.
import { describe, expect, it } from 'vitest';
import { createWriter, type WriterOptions } from '../../../main/receiver/batching';
import { writerOn } from '../../support/receiver-writer';
import { useTempDir } from '../../support/temp-dir';
import { openStoreWithAccount } from '../../support/test-store';
import { keylessEvent } from '../../support/keyless-event';

const tmp = useTempDir('cc-receiver-disk-sync-');

/** Lets every callback already queued for the next loop turn run (answers go out from one). */
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/** The store with its disk sync held until `release` (or failed by `fail`). */
async function withHeldSync(file: string, options: WriterOptions) {
  const { store, accountId } = openStoreWithAccount(file);
  let release: () => void = () => {};
  let fail: (e: Error) => void = () => {};
  let syncs = 0;
  const held = new Promise<void>((resolve, reject) => {
    release = resolve;
    fail = reject;
  });
  const repos = {
    ...store,
    syncToDisk: () => {
      syncs += 1;
      return held;
    },
  };
  const { writer, stop } = writerOn(store, repos, options);
  // The worker's variant runs only once its batches go to the worker.
  expect(await writer.insertsOffThread()).toBe(options.offThreadFrom === 0);
  return { store, accountId, writer, release, fail, syncs: () => syncs, stop };
}

describe.each([['inserting on this thread', {}]])(
  'the delivery writer and the disk, %s',
  (_, options: WriterOptions) => {
    it('answers a delivery only once the store has synced its commit to disk', async () => {
      const rig = await withHeldSync(tmp.file('console.db'), options);
      let answered = 0;
      const answers = [1, 2, 3].map((n) =>
        rig.writer.insertVerified(keylessEvent(rig.accountId, n)).then((r) => {
          answered += 1;
          return r;
        }),
      );
      // Committed (readable) at once, but not answered while the sync is held: the sync is asked
      // for right after the commit, and an answer that did not wait for it would have gone out by
      // the loop turn after that.
      await expect.poll(() => rig.syncs()).toBe(1);
      expect(rig.store.events.count(rig.accountId)).toBe(3);
      await nextTurn();
      await nextTurn();
      expect(answered).toBe(0);
      expect(rig.syncs()).toBe(1);
      rig.release();
      const stored = await Promise.all(answers);
      expect(stored.map((r) => r.duplicate)).toEqual([false, false, false]);
      await rig.stop();
    });

    it('commits the deliveries that came while the disk synced in one transaction when it ends', async () => {
      const rig = await withHeldSync(tmp.file('console.db'), options);
      const first = rig.writer.insertVerified(keylessEvent(rig.accountId, 1));
      await expect.poll(() => rig.syncs()).toBe(1);
      // Three more, each in a loop turn of its own, while the first one's sync runs: they wait
      // for the next sync whatever happens, so one commit then serves them all.
      const later: Array<Promise<unknown>> = [];
      for (const n of [2, 3, 4]) {
        later.push(rig.writer.insertVerified(keylessEvent(rig.accountId, n)));
        await nextTurn();
      }
      // A commit per loop turn would have run for the last of them by the turn after it.
      await nextTurn();
      expect(rig.syncs()).toBe(1);
      expect(rig.store.events.count(rig.accountId)).toBe(1);
      rig.release();
      await Promise.all([first, ...later]);
      expect(rig.syncs()).toBe(2);
      expect(rig.store.events.count(rig.accountId)).toBe(4);
      await rig.stop();
    });

    it('fails the deliveries of a batch whose sync failed, and stores them once on retry', async () => {
      const rig = await withHeldSync(tmp.file('console.db'), options);
      const first = rig.writer.insertVerified(keylessEvent(rig.accountId, 7));
      await expect.poll(() => rig.syncs()).toBe(1);
      rig.fail(new Error('EIO: the disk went away'));
      await expect(first).rejects.toThrow('EIO');
      // The sender retries (to a writer whose disk works): found stored, not written twice.
      const writer = createWriter(
        rig.store,
        () => {},
        () => false,
      );
      const retry = await writer.insertVerified(keylessEvent(rig.accountId, 7));
      await writer.close();
      expect(retry.duplicate).toBe(true);
      expect(rig.store.events.count(rig.accountId)).toBe(1);
      await rig.stop();
    });
  },
);
