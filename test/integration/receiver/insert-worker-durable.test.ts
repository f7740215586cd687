// With the insert worker the receiving thread runs no sync for a batch: the worker's commit syncs
// the WAL (synchronous=FULL) and the answer waits for the worker's word that it has. What that
// must keep: no 200 before the worker's answer, duplicates found however the copies arrive, and
// processing (on this thread's connection, taking turns with the worker at the write lock) still
// going on while deliveries never stop.
import { existsSync } from 'node:fs';
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Store } from '../../../main/store';
import { keylessEvent } from '../../support/keyless-event';
import { FAKE_COMMIT, writeFakeWorker } from '../../support/receiver-fake-worker';
import { writerOn } from '../../support/receiver-writer';
import { openRawDb } from '../../support/raw-db';
import { useTempDir } from '../../support/temp-dir';
import { openStoreWithAccount } from '../../support/test-store';

const tmp = useTempDir('cc-insert-worker-durable-');

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/** The store, counting the syncs asked of this thread. */
function countingSyncs(store: Store, script?: string): { repos: Store; syncs: () => number } {
  let syncs = 0;
  const repos: Store = {
    ...store,
    insertsOffThread: (o) => store.insertsOffThread({ ...o, script }),
    syncToDisk: () => {
      syncs += 1;
      return store.syncToDisk();
    },
  };
  return { repos, syncs: () => syncs };
}

describe("the insert worker's durable commits", () => {
  it('answers a delivery only once the worker has answered its commit, with no sync here', async () => {
    const { store, accountId } = openStoreWithAccount(tmp.file('console.db'));
    const release = tmp.file('release');
    // Commits at once, answers only once the test lets it.
    const script = writeFakeWorker(
      tmp.file('held-worker.mjs'),
      store.file,
      `${FAKE_COMMIT}
  const answer = () => parentPort.postMessage({ seq: m.seq, ok: true, stored: ids.map((id) => ({ id, duplicate: false })) });
  const wait = setInterval(() => { if (existsSync(${JSON.stringify(release)})) { clearInterval(wait); answer(); } }, 5);`,
    );
    const c = countingSyncs(store, script);
    const { writer, stop } = writerOn(store, c.repos, { offThreadFrom: 0 });
    expect(await writer.insertsOffThread()).toBe(true);
    let answered = 0;
    const answers = [1, 2, 3].map((n) =>
      writer.insertVerified(keylessEvent(accountId, n)).then((r) => ((answered += 1), r)),
    );
    await expect.poll(() => store.events.count(accountId)).toBe(3);
    await nextTurn();
    await nextTurn();
    expect(answered).toBe(0);
    writeFileSync(release, '');
    expect((await Promise.all(answers)).map((r) => r.duplicate)).toEqual([false, false, false]);
    expect(c.syncs()).toBe(0);
    await stop();
  });

  it('stores two copies sent together, or one while the other is with the worker, once', async () => {
    const { store, accountId } = openStoreWithAccount(tmp.file('console.db'));
    const c = countingSyncs(store);
    const { writer, stop } = writerOn(store, c.repos, { offThreadFrom: 0 });
    expect(await writer.insertsOffThread()).toBe(true);
    const together = [writer.insertVerified(keylessEvent(accountId, 1))];
    together.push(writer.insertVerified(keylessEvent(accountId, 1)));
    await nextTurn();
    // A third copy in the next batch, posted while the first may still be committing.
    const later = writer.insertVerified(keylessEvent(accountId, 1));
    const all = await Promise.all([...together, later]);
    expect(all.map((r) => r.duplicate)).toEqual([false, true, true]);
    expect(new Set(all.map((r) => r.id)).size).toBe(1);
    expect(store.events.count(accountId)).toBe(1);
    expect(c.syncs()).toBe(0);
    await stop();
  });

  it('keeps processing stored deliveries while new ones never stop coming', async () => {
    const { store, accountId } = openStoreWithAccount(tmp.file('console.db'));
    const { writer, stop } = writerOn(store, store, { offThreadFrom: 0 });
    expect(await writer.insertsOffThread()).toBe(true);
    // One statement: a count and a list read one after the other straddle the worker's
    // commits (it writes on its own thread), so their difference could be 0 or less whatever
    // processing did.
    const raw = openRawDb(store.file);
    const countProcessed = raw
      .prepare(
        'SELECT count(*) FROM webhook_events WHERE account_id = ? AND processed_at IS NOT NULL',
      )
      .pluck();
    const processed = () => Number(countProcessed.get(accountId));
    // As 200 senders that each send again once answered: 200 deliveries always in flight.
    const IN_FLIGHT = 200;
    const LIMIT = 20_000;
    let sent = 0;
    let answered = 0;
    const answers: Array<Promise<unknown>> = [];
    // Processing gets its slices in between, taking the write lock's turn from the worker: it
    // must not wait for the deliveries to stop.
    while (processed() === 0 && answered < LIMIT) {
      while (sent - answered < IN_FLIGHT) {
        const n = (sent += 1);
        answers.push(
          writer.insertVerified(keylessEvent(accountId, n)).then((r) => {
            answered += 1;
            writer.process(accountId, r.id);
          }),
        );
      }
      await nextTurn();
    }
    expect(processed()).toBeGreaterThan(0);
    expect(answered).toBeLessThan(LIMIT);
    await Promise.all(answers);
    raw.close();
    await stop();
    expect(existsSync(`${store.file}-wal`)).toBe(false);
  });
});
