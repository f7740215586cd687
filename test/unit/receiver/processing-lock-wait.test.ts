// Another connection holds the write lock (from another thread, as another process would): a
// processing turn does not wait for it in SQLite's busy handler, the event loop frozen. It fails
// at once, as busy, and backs off like any other failure; the event becomes a sale once the lock
// is free.
import { describe, expect, it } from 'vitest';
import { createProcessingQueue } from '../../../main/receiver/processing';
import { useTempDir } from '../../support/temp-dir';
import { useStoreWithAccount } from '../../support/test-store';
import { keylessEvent } from '../../support/keyless-event';
import { holdWriteLock } from '../../support/write-lock-holder';

const tmp = useTempDir('cc-processing-lock-wait-');
const rig = useStoreWithAccount(tmp);

/**
 * Long enough for a timer to run first if the loop is free, short enough that a turn waiting in
 * the busy handler (busy_timeout, 5 s) would get the lock at its end and process the event.
 */
const HOLD_MS = 1500;

describe('a processing turn while another connection holds the write lock', () => {
  it('does not hold the loop, and processes the event once the lock is free', async () => {
    const id = rig.store.events.insertVerified(keylessEvent(rig.accountId, 1)).id;
    const unprocessed = () => rig.store.events.unprocessed(rig.accountId);
    const holder = await holdWriteLock(tmp.file('console.db'), HOLD_MS);
    const queue = createProcessingQueue(
      rig.store,
      () => {},
      () => false,
    );
    try {
      queue.add(rig.accountId, id);
      // A timer that runs while the lock is still held: the turn did not wait for it.
      const seen = await new Promise((resolve) =>
        setTimeout(() => resolve({ held: holder.held(), unprocessed: unprocessed() }), 200),
      );
      expect(seen).toEqual({ held: true, unprocessed: [id] });
      await holder.release();
      await expect.poll(unprocessed, { timeout: 10_000 }).toEqual([]);
    } finally {
      queue.close();
      await holder.release();
    }
  }, 30_000);
});
