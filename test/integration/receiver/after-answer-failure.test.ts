import { describe, expect, it } from 'vitest';
import { withRawDb } from '../../support/raw-db';
import { useTempDir } from '../../support/temp-dir';
import { deliver, eventually, send, startRig, succeededBody } from './helpers';

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

  it('acknowledges a stored delivery whose quarantine notice cannot be written', async () => {
    const rig = await startRig(tmp, { limits: { quarantineEvents: 2 } });
    // The hourly "deleted the oldest" line is an activity row of its own, outside the group
    // commit that stored the delivery: refusing it must not turn that delivery into a 500.
    withRawDb(rig.store.file, (db) =>
      db.exec(`CREATE TRIGGER test_refuse_activity BEFORE INSERT ON activity
          BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;`),
    );
    for (let k = 0; k < 4; k += 1) {
      const answer = await send(rig.url, { body: JSON.stringify({ junk: k }) });
      expect(answer.status).toBe(200);
    }
    const kept = rig.store.events.list(rig.accountId, { limit: 10, offset: 0 }).items;
    expect(kept.map((e) => e.body)).toContain(JSON.stringify({ junk: 3 }));
  });

  it('tells about a sale Quaderno confirmed when remembering the account as unverifiable fails', async () => {
    const rig = await startRig(tmp, {
      confirm: async (_account, id) => ({
        id,
        status: 'completed',
        permalink: 'https://shop.quadernoapp.com/checkout/session/x',
        customer: { email: 'jane@example.com' },
        items: [{ product: 'prod_ebook', name: 'Ebook' }],
        total: 2100,
        currency: 'EUR',
      }),
    });
    withRawDb(rig.store.file, (db) =>
      db.exec(`CREATE TRIGGER test_refuse_settings BEFORE INSERT ON settings
          BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;`),
    );
    const bad = { url: rig.url, authKey: 'xxxxxxxxxxxxxxxxxxxxxx' };
    expect((await deliver(bad, succeededBody({ session: 1702 }))).status).toBe(200);
    const sale = await eventually(() => rig.store.fulfillments.bySession(rig.accountId, 1702));
    await eventually(() => rig.fulfilmentIds.includes(sale.id), 3_000);
  });
});
