import { describe, expect, it } from 'vitest';
import { withRawDb } from '../../support/raw-db';
import { useTempDir } from '../../support/temp-dir';
import { deliver, eventually, startRig, succeededBody } from './helpers';

const tmp = useTempDir('cc-receiver-retry-');

describe('processing after a storage error', () => {
  it('turns acknowledged events into sales once the store works again, without a restart', async () => {
    const rig = await startRig(tmp);
    // Stands in for a full disk: every new sale is refused while the table holds a row.
    withRawDb(rig.store.file, (db) =>
      db.exec(`CREATE TABLE test_disk_full (x INTEGER);
        INSERT INTO test_disk_full VALUES (1);
        CREATE TRIGGER test_refuse_sales BEFORE INSERT ON fulfillments
          WHEN EXISTS (SELECT 1 FROM test_disk_full)
          BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;`),
    );
    const sessions = [1601, 1602, 1603];
    for (const session of sessions) {
      expect((await deliver(rig, succeededBody({ session }))).status).toBe(200);
    }
    const events = rig.store.events;
    await eventually(() =>
      events
        .list(rig.accountId, { limit: 10, offset: 0 })
        .items.every((e) => e.processError?.includes('disk is full')),
    );
    withRawDb(rig.store.file, (db) => db.exec('DELETE FROM test_disk_full'));
    const fulfilments = rig.store.fulfillments;
    await eventually(() => sessions.every((s) => fulfilments.bySession(rig.accountId, s)), 30_000);
    expect(events.unprocessed(rig.accountId)).toEqual([]);
    expect(rig.fulfilmentIds).toHaveLength(3);
  });
});
