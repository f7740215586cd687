// Another connection holds the write lock (a CLI's long transaction, an insert worker that hung):
// the writer's batch waits out busy_timeout (5 s, the event loop frozen) and fails as busy. Each
// delivery retried alone would wait those 5 s again in turn, so the whole batch is refused at
// once (a 500 each, which Quaderno retries). Other failures still retry one by one (one row the
// store refuses must not fail its batch-mates: batching-disk-sync.test.ts, one-bad-delivery).
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { writerOn } from '../../support/receiver-writer';
import { useTempDir } from '../../support/temp-dir';
import { openStoreWithAccount } from '../../support/test-store';
import { keylessEvent } from '../../support/keyless-event';

const tmp = useTempDir('cc-receiver-busy-');

/** A store and its writer, and a second connection holding the write lock until `release`. */
function withLockHeld() {
  const file = tmp.file('console.db');
  const { store, accountId } = openStoreWithAccount(file);
  const { writer, stop } = writerOn(store, store, {});
  const other = new Database(file);
  other.exec('BEGIN IMMEDIATE');
  const release = (): void => {
    if (other.inTransaction) other.exec('ROLLBACK');
  };
  const end = async (): Promise<void> => {
    release();
    other.close();
    await stop();
  };
  return { store, accountId, writer, release, end };
}

/** Well under the 20 s three one-by-one retries took after the batch's own 5 s wait. */
const REFUSED_WITHIN_MS = 12_000;

/** Settles every promise and says how long it took (a bound, never a figure asserted). */
async function settleAll(answers: Array<Promise<unknown>>) {
  const started = Date.now();
  const settled = await Promise.allSettled(answers);
  return { settled, tookMs: Date.now() - started };
}

describe('the delivery writer while another connection holds the write lock', () => {
  it('refuses a whole verified batch at once instead of retrying each delivery', async () => {
    const rig = withLockHeld();
    try {
      const { settled, tookMs } = await settleAll(
        [1, 2, 3].map((n) => rig.writer.insertVerified(keylessEvent(rig.accountId, n))),
      );
      expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected', 'rejected']);
      expect(tookMs).toBeLessThan(REFUSED_WITHIN_MS);
      rig.release();
      // Quaderno's retry, once the lock is free: stored, and stored once.
      const retry = await rig.writer.insertVerified(keylessEvent(rig.accountId, 1));
      expect(retry.duplicate).toBe(false);
      const again = await rig.writer.insertVerified(keylessEvent(rig.accountId, 1));
      expect(again).toEqual({ id: retry.id, duplicate: true });
      expect(rig.store.events.count(rig.accountId)).toBe(1);
    } finally {
      await rig.end();
    }
  }, 30_000);

  it('refuses a whole quarantine batch at once instead of retrying each delivery', async () => {
    const rig = withLockHeld();
    try {
      const junk = (n: number) => ({
        event: { ...keylessEvent(rig.accountId, n), reason: 'bad signature' },
      });
      const { settled, tookMs } = await settleAll(
        [1, 2, 3].map((n) => rig.writer.quarantine(junk(n))),
      );
      expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected', 'rejected']);
      expect(tookMs).toBeLessThan(REFUSED_WITHIN_MS);
      rig.release();
      const retry = await rig.writer.quarantine(junk(1));
      const again = await rig.writer.quarantine(junk(1));
      expect(again.id).toBe(retry.id);
      expect(rig.store.events.count(rig.accountId, 'invalid')).toBe(1);
    } finally {
      await rig.end();
    }
  }, 30_000);
});
