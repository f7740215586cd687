// Review R6 M5: two signed events of different types about one transaction are two events.
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../support/temp-dir';
import { deliver, startRig } from './helpers';

const tmp = useTempDir('cc-receiver-same-transaction-');

const about = (eventType: string, transaction: string) =>
  JSON.stringify({
    event_type: eventType,
    data: { object: { transaction_details: { transaction, amount_cents: 2100, currency: 'EUR' } } },
  });

describe('signed events that share a transaction id', () => {
  it('stores a credit.created that names the transaction of an earlier charge.refunded', async () => {
    const rig = await startRig(tmp);
    const refund = about('charge.refunded', 'ch_3Q1');
    const credit = about('credit.created', 'ch_3Q1');
    expect(JSON.parse((await deliver(rig, refund)).body)).toMatchObject({ duplicate: false });
    expect(JSON.parse((await deliver(rig, credit)).body)).toMatchObject({ duplicate: false });
    // The same event again is still a duplicate.
    expect(JSON.parse((await deliver(rig, credit)).body)).toMatchObject({ duplicate: true });
    const bodies = rig.store.events
      .list(rig.accountId, { limit: 10, offset: 0 })
      .items.map((e) => e.body);
    expect(bodies.sort()).toEqual([credit, refund].sort());
  });
});
