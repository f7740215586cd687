// The receiver's writer commits a turn's deliveries in one transaction; a row the store refuses
// must fail only its own delivery.
import { describe, expect, it } from 'vitest';
import type { WriterOptions } from '../../../main/receiver/batching';
import { withRawDb } from '../../support/raw-db';
import { writerOn } from '../../support/receiver-writer';
import { useTempDir } from '../../support/temp-dir';
import { openStoreWithAccount } from '../../support/test-store';

const tmp = useTempDir('cc-receiver-batching-');

describe.each([
  ['inserting on this thread', {}],
  ['with the insert worker', { offThreadFrom: 0 }],
])('the delivery writer, %s', (_, options: WriterOptions) => {
  it('stores the neighbours of a delivery the store refuses and fails that one alone', async () => {
    const { store, accountId } = openStoreWithAccount(tmp.file('console.db'));
    withRawDb(store.file, (db) =>
      db.exec(`CREATE TRIGGER test_refuse_poison BEFORE INSERT ON webhook_events
        WHEN NEW.body LIKE '%poison%' BEGIN SELECT RAISE(ABORT, 'refused'); END;`),
    );
    const { writer, stop } = writerOn(store, store, options);
    expect(await writer.insertsOffThread()).toBe(options.offThreadFrom === 0);
    const event = (body: string) => ({
      accountId,
      body,
      headers: {},
      eventType: null,
      sessionId: null,
      businessKey: null,
    });
    // Queued in one turn, so they share one transaction.
    const results = await Promise.allSettled(
      ['{"n":1}', '{"n":2}', '{"poison":true}', '{"n":3}'].map((b) =>
        writer.insertVerified(event(b)),
      ),
    );
    expect(results.map((r) => r.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    expect(store.events.count(accountId)).toBe(3);
    await stop();
  });
});
