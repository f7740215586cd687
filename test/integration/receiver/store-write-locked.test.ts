// Another connection holds the store's write lock (a CLI's long transaction): a delivery that
// arrives is answered 500, which Quaderno retries, once its batch has waited out busy_timeout;
// once the lock is free, the retry is stored, once. (That a batch is refused whole rather than
// retried one delivery at a time, each waiting again: batching-busy.test.ts.)
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../support/temp-dir';
import { deliver, startRig, succeededBody } from './helpers';

const tmp = useTempDir('cc-receiver-write-locked-');

describe('a delivery while another connection holds the write lock', () => {
  it('is answered 500, and its retry after the lock is freed is stored once', async () => {
    const rig = await startRig(tmp);
    const other = new Database(tmp.file('console.db'));
    try {
      other.exec('BEGIN IMMEDIATE');
      const body = succeededBody({ session: 4401 });
      expect((await deliver(rig, body)).status).toBe(500);
      other.exec('ROLLBACK');

      expect((await deliver(rig, body)).status).toBe(200);
      expect((await deliver(rig, body)).status).toBe(200);
      expect(rig.store.events.count(rig.accountId)).toBe(1);
    } finally {
      if (other.inTransaction) other.exec('ROLLBACK');
      other.close();
    }
  }, 30_000);
});
