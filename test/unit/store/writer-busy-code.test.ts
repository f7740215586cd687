// The insert worker's failure crosses the thread with SQLite's code: a batch it could not store
// because another connection held the write lock through its busy_timeout fails as SQLITE_BUSY,
// which the receiver tells from a row the store refused (main/receiver/batching.ts).
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { errorCode } from '../../../main/error-code';
import { systemNow } from '../../../main/store';
import { startOffThreadInserts } from '../../../main/store/writer';
import { useTempDir } from '../../support/temp-dir';
import { keylessEvent } from '../../support/keyless-event';
import { openStoreWithAccount } from '../../support/test-store';

const tmp = useTempDir('cc-writer-busy-code-');

describe('the insert worker while another connection holds the write lock', () => {
  it('fails the batch with SQLITE_BUSY, and stores it once the lock is free', async () => {
    const { store, accountId } = openStoreWithAccount(tmp.file('console.db'));
    const worker = startOffThreadInserts(store.file, systemNow);
    const other = new Database(store.file);
    try {
      expect(worker).toBeDefined();
      if (!worker) return;
      expect(await worker.ready).toBe(true);
      other.exec('BEGIN IMMEDIATE');
      const failure = await worker.insert([keylessEvent(accountId, 1)]).then(
        () => null,
        (e: unknown) => e,
      );
      expect(errorCode(failure)).toBe('SQLITE_BUSY');
      expect(worker.stopped()).toBe(false);
      other.exec('ROLLBACK');
      const stored = await worker.insert([keylessEvent(accountId, 1)]);
      expect(stored.map((s) => s.duplicate)).toEqual([false]);
      expect(store.events.count(accountId)).toBe(1);
    } finally {
      if (other.inTransaction) other.exec('ROLLBACK');
      other.close();
      await worker?.close();
      store.close();
    }
  }, 30_000);
});
