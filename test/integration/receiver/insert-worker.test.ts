// Under a burst the receiver inserts and commits on a worker thread with a connection of its own
// (the store's insert worker): its one thread only reads, verifies, syncs and answers. What it
// must keep: the rows are the receiver's, the answers still wait for the sync (the batching and
// unsynced-processing tests run both ways), a worker that cannot run or ends leaves the receiver
// working as before, and closing the receiver closes the worker's connection before the store.
import { existsSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { systemNow, type Store } from '../../../main/store';
import { startOffThreadInserts } from '../../../main/store/writer';
import { useTempDir } from '../../support/temp-dir';
import { openStoreWithAccount } from '../../support/test-store';
import { keylessEvent } from '../../support/keyless-event';
import { writerOn } from '../../support/receiver-writer';

const tmp = useTempDir('cc-receiver-insert-worker-');

/** A worker script in the temp folder, one line each. */
function workerScript(...lines: string[]): string {
  const path = tmp.file(`worker-${Math.random().toString(36).slice(2)}.mjs`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

/** The store, its insert worker run from `script`. */
function withWorkerScript(store: Store, script: string): Store {
  return { ...store, insertsOffThread: () => startOffThreadInserts(store.file, systemNow, script) };
}

/** The store, with the inserts of its own connection refused: what is stored came some other way. */
function refusingOwnInserts(store: Store): Store {
  const refuse = (): never => {
    throw new Error("this thread's connection inserted an event");
  };
  return {
    ...store,
    events: { ...store.events, insertVerified: refuse, insertVerifiedMany: refuse },
  };
}

describe("the receiver's insert worker", () => {
  it('stores and answers the deliveries with no insert on the receiving thread', async () => {
    const { store, accountId } = openStoreWithAccount(tmp.file('console.db'));
    const { writer, stop } = writerOn(store, refusingOwnInserts(store), { offThreadFrom: 0 });
    expect(await writer.insertsOffThread()).toBe(true);
    const stored = await Promise.all(
      [1, 2, 3].map((n) => writer.insertVerified(keylessEvent(accountId, n))),
    );
    expect(stored.map((r) => r.duplicate)).toEqual([false, false, false]);
    expect(store.events.count(accountId)).toBe(3);
    // The same body again is found by the worker's look-up, as by this thread's.
    expect((await writer.insertVerified(keylessEvent(accountId, 2))).duplicate).toBe(true);
    // Processing (on this thread's connection) still turns them into work done.
    for (const r of stored) writer.process(accountId, r.id);
    await expect.poll(() => store.events.unprocessed(accountId)).toEqual([]);
    await stop();
  });

  it('stores on its own thread, as before, when the worker cannot start', async () => {
    const { store, accountId } = openStoreWithAccount(tmp.file('console.db'));
    const broken = workerScript("throw new Error('no native module in this thread');");
    const { writer, stop } = writerOn(store, withWorkerScript(store, broken), { offThreadFrom: 0 });
    expect(await writer.insertsOffThread()).toBe(false);
    const first = await Promise.all(
      [1, 2].map((n) => writer.insertVerified(keylessEvent(accountId, n))),
    );
    const later = await writer.insertVerified(keylessEvent(accountId, 3));
    expect([...first, later].map((r) => r.duplicate)).toEqual([false, false, false]);
    expect(store.events.count(accountId)).toBe(3);
    for (const r of [...first, later]) writer.process(accountId, r.id);
    await expect.poll(() => store.events.unprocessed(accountId)).toEqual([]);
    await stop();
  });

  it('answers the batch the worker held when it ended, from its own thread', async () => {
    const { store, accountId } = openStoreWithAccount(tmp.file('console.db'));
    const ending = workerScript(
      "import { parentPort } from 'node:worker_threads';",
      'parentPort.postMessage({ ready: true, synchronous: 2 });',
      'parentPort.on("message", () => process.exit(3));',
    );
    const { writer, stop } = writerOn(store, withWorkerScript(store, ending), { offThreadFrom: 0 });
    expect(await writer.insertsOffThread()).toBe(true);
    const stored = await Promise.all(
      [1, 2].map((n) => writer.insertVerified(keylessEvent(accountId, n))),
    );
    expect(stored.map((r) => r.duplicate)).toEqual([false, false]);
    expect((await writer.insertVerified(keylessEvent(accountId, 3))).duplicate).toBe(false);
    expect(store.events.count(accountId)).toBe(3);
    // What a worker committed before it ended would be answered as a duplicate, and so never
    // queued by the server: a look-up of the backlog processes them instead.
    await expect.poll(() => store.events.unprocessed(accountId)).toEqual([3]);
    await stop();
  });

  it('sends the worker batches of the size given, and stores smaller ones itself', async () => {
    const { store, accountId } = openStoreWithAccount(tmp.file('console.db'));
    let sent = 0;
    const repos: Store = {
      ...store,
      insertsOffThread() {
        const worker = store.insertsOffThread();
        return worker && { ...worker, insert: (list) => ((sent += 1), worker.insert(list)) };
      },
    };
    const { writer, stop } = writerOn(store, repos, { offThreadFrom: 3 });
    const batch = (ns: number[]) =>
      Promise.all(ns.map((n) => writer.insertVerified(keylessEvent(accountId, n))));
    await batch([1, 2]);
    expect(await writer.insertsOffThread()).toBe(false);
    // The first batch that large starts the worker (and is stored here while it opens).
    await batch([3, 4, 5]);
    expect(await writer.insertsOffThread()).toBe(true);
    await batch([6, 7, 8]);
    expect(sent).toBe(1);
    // A trickle after a burst: a round trip to the worker would only add to its wait.
    await batch([9]);
    expect(sent).toBe(1);
    expect(store.events.count(accountId)).toBe(9);
    await stop();
  });

  it("has closed the worker's connection once the writer is closed", async () => {
    const { store, accountId } = openStoreWithAccount(tmp.file('console.db'));
    const { writer, stop } = writerOn(store, store, { offThreadFrom: 0 });
    expect(await writer.insertsOffThread()).toBe(true);
    await writer.insertVerified(keylessEvent(accountId, 1));
    await stop();
    // SQLite removes the WAL when the last connection to the file closes: a worker still
    // holding one would keep it (and could write after the store was closed).
    expect(existsSync(`${store.file}-wal`)).toBe(false);
  });
});
