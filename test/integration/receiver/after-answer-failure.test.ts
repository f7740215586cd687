import { describe, expect, it } from 'vitest';
import { withRawDb } from '../../support/raw-db';
import { useTempDir } from '../../support/temp-dir';
import { deliver, eventually, startRig, succeededBody } from './helpers';

const tmp = useTempDir('cc-receiver-after-answer-');

describe('what follows a stored delivery’s answer', () => {
  it('still turns the event into a sale when remembering its signature scheme fails', async () => {
    const rig = await startRig(tmp);
    // Stands in for a full disk or a lock held elsewhere, on the one write the answer is
    // followed by (the account's signature scheme, first seen with this delivery).
    withRawDb(rig.store.file, (db) =>
      db.exec(`CREATE TRIGGER test_refuse_settings BEFORE INSERT ON settings
          BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;`),
    );
    expect((await deliver(rig, succeededBody({ session: 1701 }))).status).toBe(200);
    await eventually(() => rig.store.fulfillments.bySession(rig.accountId, 1701), 5_000);
    expect(rig.store.events.unprocessed(rig.accountId)).toEqual([]);
  });
});
