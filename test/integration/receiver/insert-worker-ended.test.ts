// When the receiver's insert worker fails a batch, the receiving thread stores it instead. Two
// ways that must still keep "a 200 means the event is on disk": the worker ended after it had
// committed the batch (its rows are then found here as duplicates that no sync has covered),
// and the worker answered a failure (its write lock timed out): stored here in one transaction
// and one sync, not refused.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { systemNow, type Store } from '../../../main/store';
import { startOffThreadInserts } from '../../../main/store/writer';
import type { WriterOptions } from '../../../main/receiver/batching';
import { writerOn } from '../../support/receiver-writer';
import { FAKE_COMMIT, writeFakeWorker } from '../../support/receiver-fake-worker';
import { useTempDir } from '../../support/temp-dir';
import { keylessEvent } from '../../support/keyless-event';
import { openStoreWithAccount } from '../../support/test-store';

const tmp = useTempDir('cc-receiver-insert-worker-ended-');

/** A worker script in the temp folder: opens the store as the real one does, then `onInsert`. */
function fakeWorker(file: string, onInsert: string): string {
  return writeFakeWorker(
    tmp.file(`worker-${Math.random().toString(36).slice(2)}.mjs`),
    file,
    onInsert,
  );
}

const COMMIT = FAKE_COMMIT;

/** A writer on a new test store whose insert worker (ready) runs `onInsert`, wired as the store's. */
async function writerWithFake(onInsert: string, options: WriterOptions = {}) {
  const { store, accountId } = openStoreWithAccount(tmp.file('console.db'));
  const script = fakeWorker(store.file, onInsert);
  const repos: Store = {
    ...store,
    insertsOffThread: (o) => store.insertsOffThread({ ...o, script }),
  };
  const { writer, stop } = writerOn(store, repos, { offThreadFrom: 0, ...options });
  expect(await writer.insertsOffThread()).toBe(true);
  return { store, accountId, writer, stop };
}

/** The store with its insert worker run from `script`, counting the WAL syncs asked for. */
function counting(store: Store, script: string): { store: Store; syncs: () => number } {
  let syncs = 0;
  return {
    store: {
      ...store,
      insertsOffThread: () => startOffThreadInserts(store.file, systemNow, script),
      syncToDisk: () => {
        syncs += 1;
        return store.syncToDisk();
      },
    },
    syncs: () => syncs,
  };
}

describe('a batch the insert worker did not store', () => {
  it('is answered only after a sync when the worker committed it and then ended', async () => {
    const { store, accountId } = openStoreWithAccount(tmp.file('console.db'));
    const c = counting(store, fakeWorker(store.file, `${COMMIT}\n  process.exit(7);`));
    const { writer, stop } = writerOn(store, c.store, { offThreadFrom: 2 });
    // A first burst starts the worker (stored on this thread while it opens).
    await Promise.all([10, 11].map((n) => writer.insertVerified(keylessEvent(accountId, n))));
    expect(await writer.insertsOffThread()).toBe(true);
    let syncsAtAnswer = -1;
    const before = c.syncs();
    const answered = await Promise.all(
      [1, 2].map((n) =>
        writer.insertVerified(keylessEvent(accountId, n)).then((r) => {
          syncsAtAnswer = c.syncs() - before;
          return r;
        }),
      ),
    );
    // Processed (by a look-up: the worker's rows were never handed to processing) ...
    await expect.poll(() => store.events.unprocessed(accountId)).toEqual([]);
    await stop();
    expect(answered).toHaveLength(2);
    // ... and answered after a sync of the WAL the worker wrote them into.
    expect(syncsAtAnswer).toBeGreaterThan(0);
  });

  it('is stored on the receiving thread in one transaction and one sync when the worker fails it', async () => {
    const { store, accountId } = openStoreWithAccount(tmp.file('console.db'));
    const script = fakeWorker(
      store.file,
      `parentPort.postMessage({ seq: m.seq, ok: false, reason: 'database is locked' });`,
    );
    const c = counting(store, script);
    const { writer, stop } = writerOn(store, c.store, { offThreadFrom: 0 });
    expect(await writer.insertsOffThread()).toBe(true);
    const before = c.syncs();
    // One delivery alone, then a batch: neither is refused.
    const one = await writer.insertVerified(keylessEvent(accountId, 1));
    const many = await Promise.all(
      [2, 3, 4].map((n) => writer.insertVerified(keylessEvent(accountId, n))),
    );
    expect([one, ...many].map((r) => r.duplicate)).toEqual([false, false, false, false]);
    expect(c.syncs() - before).toBe(2);
    expect(store.events.count(accountId)).toBe(4);
    await stop();
  });

  it('lets go of a worker that answers something it cannot read, thread and connection', async () => {
    const { store, accountId, writer, stop } = await writerWithFake(
      'parentPort.postMessage({ nonsense: m.seq });',
    );
    // Stored here instead (the worker committed nothing).
    expect((await writer.insertVerified(keylessEvent(accountId, 1))).duplicate).toBe(false);
    expect(store.events.count(accountId)).toBe(1);
    await stop();
    // SQLite removes the WAL when the last connection to the file closes: a thread left running
    // would still hold one.
    expect(existsSync(`${store.file}-wal`)).toBe(false);
  });

  it('lets go of a worker whose answer names fewer events than it was sent', async () => {
    // Ids for a batch of two, where three were sent in one turn: whose is whose is unknown.
    const { store, accountId, writer, stop } = await writerWithFake(
      'parentPort.postMessage({ seq: m.seq, ok: true, stored: [{ id: 1, duplicate: false }, { id: 2, duplicate: false }] });',
    );
    const answers = await Promise.all(
      [1, 2, 3].map((n) => writer.insertVerified(keylessEvent(accountId, n))),
    );
    // Stored here instead, each once, with ids of rows that exist.
    expect(answers.map((r) => r.duplicate)).toEqual([false, false, false]);
    expect(store.events.count(accountId)).toBe(3);
    expect(new Set(answers.map((r) => r.id)).size).toBe(3);
    await stop();
    expect(existsSync(`${store.file}-wal`)).toBe(false);
  });

  it('answers 500 for a batch the worker never answers, and stores the next ones here', async () => {
    const { store, accountId, writer, stop } = await writerWithFake('// never answers', {
      answerWithinMs: 200,
    });
    await expect(writer.insertVerified(keylessEvent(accountId, 1))).rejects.toThrow(
      /did not answer within 200 ms/,
    );
    // The worker is stopped: the next delivery is stored on this thread.
    expect((await writer.insertVerified(keylessEvent(accountId, 2))).duplicate).toBe(false);
    expect(store.events.count(accountId)).toBe(1);
    await stop();
    expect(existsSync(`${store.file}-wal`)).toBe(false);
  });

  it("acknowledges nothing more after the worker's commit failed to reach the disk", async () => {
    const { store, accountId, writer, stop } = await writerWithFake(
      "parentPort.postMessage({ seq: m.seq, ok: false, reason: 'disk I/O error', disk: true });",
    );
    await expect(writer.insertVerified(keylessEvent(accountId, 1))).rejects.toThrow(
      /could not be saved to disk \(disk I\/O error\)/,
    );
    // The kernel may report the next sync clean for pages it dropped: nothing is acknowledged,
    // whichever connection would store it, until the store is opened again.
    await expect(writer.insertVerified(keylessEvent(accountId, 2))).rejects.toThrow(
      /could not be saved to disk/,
    );
    await expect(store.syncToDisk()).rejects.toThrow(/could not be saved to disk/);
    await stop();
  });
});
