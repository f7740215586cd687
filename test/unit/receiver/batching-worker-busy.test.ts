// The insert worker answers that another connection held the write lock through its own
// busy_timeout (SQLITE_BUSY, its code carried across the thread): the batch has had its wait
// (LOCK_WAIT_MS, counted from when it was posted), so it is answered 500 at once, nothing of it
// written, rather than stored here as a batch the store refused would be
// (test/integration/receiver/insert-worker-ended.test.ts).
import { describe, expect, it } from 'vitest';
import type { Store } from '../../../main/store';
import { LOCK_WAIT_MS } from '../../../main/receiver/batching';
import { errorCode } from '../../../main/error-code';
import { writerOn } from '../../support/receiver-writer';
import { writeFakeWorker } from '../../support/receiver-fake-worker';
import { useTempDir } from '../../support/temp-dir';
import { keylessEvent } from '../../support/keyless-event';
import { openStoreWithAccount } from '../../support/test-store';

const tmp = useTempDir('cc-receiver-worker-busy-');

/** A worker that waits as long as its busy handler would have, then answers busy. */
const BUSY_AFTER_WAIT = `Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ${LOCK_WAIT_MS + 100});
  parentPort.postMessage({ seq: m.seq, ok: false, reason: 'database is locked', code: 'SQLITE_BUSY' });`;

describe('a batch the insert worker refused as busy', () => {
  it('is answered 500 whole once it has waited the bound, and not stored here', async () => {
    const { store, accountId } = openStoreWithAccount(tmp.file('console.db'));
    const script = writeFakeWorker(tmp.file('busy-worker.mjs'), store.file, BUSY_AFTER_WAIT);
    const repos: Store = {
      ...store,
      insertsOffThread: (o) => store.insertsOffThread({ ...o, script }),
    };
    const { writer, stop } = writerOn(store, repos, { offThreadFrom: 0 });
    try {
      expect(await writer.insertsOffThread()).toBe(true);
      const settled = await Promise.allSettled(
        [1, 2].map((n) => writer.insertVerified(keylessEvent(accountId, n))),
      );
      expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected']);
      expect(settled.map((s) => (s.status === 'rejected' ? errorCode(s.reason) : null))).toEqual([
        'SQLITE_BUSY',
        'SQLITE_BUSY',
      ]);
      expect(store.events.count(accountId)).toBe(0);
    } finally {
      await stop();
    }
  }, 30_000);
});
