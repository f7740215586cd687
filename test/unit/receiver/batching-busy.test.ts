// Another connection holds the write lock (a CLI's long transaction, an insert worker that hung)
// past the writer's bound: its batch is tried without waiting in SQLite's busy handler, again
// and again from a timer (the event loop free meanwhile), and LOCK_WAIT_MS after the first try
// the whole batch is refused at once (a 500 each, which Quaderno retries), nothing of it
// written; never retried one delivery at a time. Other failures still retry one by one (one
// row the store refuses must not fail its batch-mates: batching-disk-sync.test.ts,
// one-bad-delivery). A lock freed within the bound: batching-lock-wait.test.ts.
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

/**
 * Settles every promise, and says what came first: their refusal, or a timer 200 ms on (which
 * runs only if the event loop turns while the batch waits for the lock). A batch that waited in
 * SQLite's busy handler was refused before the loop turned again.
 */
async function settleAll(answers: Array<Promise<unknown>>) {
  const order: string[] = [];
  const timer = setTimeout(() => order.push('loop turned'), 200);
  const settled = await Promise.allSettled(answers);
  order.push('settled');
  clearTimeout(timer);
  return { settled, order };
}

describe('the delivery writer while another connection holds the write lock', () => {
  it('refuses a whole verified batch at once instead of retrying each delivery', async () => {
    const rig = withLockHeld();
    try {
      const { settled, order } = await settleAll(
        [1, 2, 3].map((n) => rig.writer.insertVerified(keylessEvent(rig.accountId, n))),
      );
      expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected', 'rejected']);
      expect(order).toEqual(['loop turned', 'settled']);
      // Nothing of the batch written.
      expect(rig.store.events.count(rig.accountId)).toBe(0);
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
      const { settled, order } = await settleAll(
        [1, 2, 3].map((n) => rig.writer.quarantine(junk(n))),
      );
      expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected', 'rejected']);
      expect(order).toEqual(['loop turned', 'settled']);
      expect(rig.store.events.count(rig.accountId, 'invalid')).toBe(0);
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
