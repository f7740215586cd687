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
import type { QuarantineRequest } from '../../../main/store';

const tmp = useTempDir('cc-receiver-disk-sync-');

/** Lets every callback already queued for the next loop turn run (answers go out from one). */
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/**
 * The store with its disk sync held until `release` (or failed by `fail`, which, as the store's
 * own sync does, also stops every later acknowledgement: diskFailure).
 */
async function withHeldSync(file: string, options: WriterOptions) {
  const { store, accountId } = openStoreWithAccount(file);
  let release: () => void = () => {};
  let rejectHeld: (e: Error) => void = () => {};
  let failure: Error | null = null;
  let syncs = 0;
  const held = new Promise<void>((resolve, reject) => {
    release = resolve;
    rejectHeld = reject;
  });
  const fail = (e: Error): void => {
    failure = e;
    rejectHeld(e);
  };
  const repos = {
    ...store,
    syncToDisk: () => {
      syncs += 1;
      return held;
    },
    diskFailure: () => failure,
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

/** An unverified delivery of junk; an account that does not exist makes the store refuse it. */
const junk = (accountId: number, n: number): QuarantineRequest => ({
  event: { ...keylessEvent(accountId, n), reason: 'bad signature' },
});

/** Counts a promise's answers (resolved or rejected) as they come. */
function watched<T>(p: Promise<T>) {
  const seen = { settled: false, ok: false };
  const done = p.then(
    (r) => {
      Object.assign(seen, { settled: true, ok: true });
      return r;
    },
    (e: unknown) => {
      Object.assign(seen, { settled: true, ok: false });
      throw e;
    },
  );
  done.catch(() => {});
  return { seen, done };
}

describe('the delivery writer after a failed sync', () => {
  it('answers none of a verified batch the store refused, not even a new delivery committed alone', async () => {
    const rig = await withHeldSync(tmp.file('console.db'), {});
    const first = rig.writer.insertVerified(keylessEvent(rig.accountId, 1));
    await expect.poll(() => rig.syncs()).toBe(1);
    rig.fail(new Error('EIO: the disk went away'));
    await expect(first).rejects.toThrow('EIO');
    // A new delivery and one the store refuses, in one batch: each is retried alone, and a commit
    // after a failed sync is not known to be on disk (its WAL frames may follow lost ones).
    const answers = [
      rig.writer.insertVerified(keylessEvent(rig.accountId, 2)),
      rig.writer.insertVerified(keylessEvent(rig.accountId + 1000, 3)),
    ];
    const settled = await Promise.allSettled(answers);
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected']);
    await rig.stop();
  });
});

describe('the delivery writer, quarantines and the disk', () => {
  it('answers a quarantined delivery only once the store has synced its commit to disk', async () => {
    const rig = await withHeldSync(tmp.file('console.db'), {});
    const q = watched(rig.writer.quarantine(junk(rig.accountId, 1)));
    await expect.poll(() => rig.syncs()).toBe(1);
    await nextTurn();
    await nextTurn();
    expect(q.seen.settled).toBe(false);
    rig.release();
    await expect(q.done).resolves.toMatchObject({ dropped: 0 });
    await rig.stop();
  });

  it('fails a quarantined delivery whose sync failed', async () => {
    const rig = await withHeldSync(tmp.file('console.db'), {});
    const q = rig.writer.quarantine(junk(rig.accountId, 1));
    await expect.poll(() => rig.syncs()).toBe(1);
    rig.fail(new Error('EIO: the disk went away'));
    await expect(q).rejects.toThrow('EIO');
    await rig.stop();
  });

  it('answers none of a batch the store refused after a failed sync, not even the retry of a stored one', async () => {
    const rig = await withHeldSync(tmp.file('console.db'), {});
    const first = rig.writer.quarantine(junk(rig.accountId, 1));
    await expect.poll(() => rig.syncs()).toBe(1);
    rig.fail(new Error('EIO: the disk went away'));
    await expect(first).rejects.toThrow('EIO');
    // Quaderno's retry of the first (its row is in the commit whose sync failed), a new body and
    // one row the store refuses, in one batch: the batch's transaction fails, each is retried.
    const answers = [
      rig.writer.quarantine(junk(rig.accountId, 1)),
      rig.writer.quarantine(junk(rig.accountId, 2)),
      rig.writer.quarantine(junk(rig.accountId + 1000, 3)),
    ];
    const settled = await Promise.allSettled(answers);
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected', 'rejected']);
    await rig.stop();
  });

  it('answers the quarantines of a batch the store refused only once a sync covers them', async () => {
    const rig = await withHeldSync(tmp.file('console.db'), {});
    const good = watched(rig.writer.quarantine(junk(rig.accountId, 1)));
    const bad = rig.writer.quarantine(junk(rig.accountId + 1000, 2));
    await expect(bad).rejects.toThrow();
    await expect.poll(() => rig.syncs()).toBe(1);
    await nextTurn();
    await nextTurn();
    expect(good.seen.settled).toBe(false);
    rig.release();
    await expect(good.done).resolves.toMatchObject({ dropped: 0 });
    await rig.stop();
  });

  it('commits a quarantine and a verified delivery queued in the same turn under one sync', async () => {
    const rig = await withHeldSync(tmp.file('console.db'), {});
    const q = watched(rig.writer.quarantine(junk(rig.accountId, 1)));
    const v = watched(rig.writer.insertVerified(keylessEvent(rig.accountId, 2)));
    await expect.poll(() => rig.syncs()).toBeGreaterThan(0);
    await nextTurn();
    await nextTurn();
    expect(rig.syncs()).toBe(1);
    expect([q.seen.settled, v.seen.settled]).toEqual([false, false]);
    rig.release();
    await Promise.all([q.done, v.done]);
    expect(rig.syncs()).toBe(1);
    await rig.stop();
  });
});

describe.each([
  ['inserting on this thread', {}],
  ['inserting on the worker', { offThreadFrom: 0 }],
])(
  'the delivery writer, a quarantine sharing its turn with a verified batch, %s',
  (_, options: WriterOptions) => {
    it('answers the quarantine only once a sync covers it, whenever the verified one is answered', async () => {
      const rig = await withHeldSync(tmp.file('console.db'), options);
      const q = watched(rig.writer.quarantine(junk(rig.accountId, 1)));
      const v = watched(rig.writer.insertVerified(keylessEvent(rig.accountId, 2)));
      await expect.poll(() => rig.syncs()).toBeGreaterThan(0);
      // The worker's commit syncs in the worker and answers the verified one by itself.
      if (options.offThreadFrom === 0) await v.done;
      await nextTurn();
      await nextTurn();
      expect(q.seen.settled).toBe(false);
      rig.release();
      await expect(q.done).resolves.toMatchObject({ dropped: 0 });
      await v.done;
      await rig.stop();
    });

    it('answers the quarantine only once a sync covers it when the store refuses the verified batch', async () => {
      const rig = await withHeldSync(tmp.file('console.db'), options);
      const q = watched(rig.writer.quarantine(junk(rig.accountId, 1)));
      const refused = rig.writer.insertVerified(keylessEvent(rig.accountId + 1000, 2));
      await expect(refused).rejects.toThrow();
      await expect.poll(() => rig.syncs()).toBeGreaterThan(0);
      await nextTurn();
      await nextTurn();
      expect(q.seen.settled).toBe(false);
      rig.release();
      await expect(q.done).resolves.toMatchObject({ dropped: 0 });
      await rig.stop();
    });
  },
);

describe('the delivery writer retrying quarantines one by one after a failed sync', () => {
  it('refuses them all up front, writing no row and asking for no sync', async () => {
    const rig = await withHeldSync(tmp.file('console.db'), {});
    const first = rig.writer.quarantine(junk(rig.accountId, 1));
    await expect.poll(() => rig.syncs()).toBe(1);
    rig.fail(new Error('EIO: the disk went away'));
    await expect(first).rejects.toThrow('EIO');
    // A new body and a row the store refuses: the batch fails, and none is retried alone (a
    // commit after a failed sync is not known to be on disk).
    const answers = [
      rig.writer.quarantine(junk(rig.accountId, 2)),
      rig.writer.quarantine(junk(rig.accountId + 1000, 3)),
    ];
    const settled = await Promise.allSettled(answers);
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected']);
    expect(settled[0]).toMatchObject({ reason: { message: expect.stringContaining('EIO') } });
    expect(rig.store.events.count(rig.accountId, 'invalid')).toBe(1);
    expect(rig.syncs()).toBe(1);
    await rig.stop();
  });
});
