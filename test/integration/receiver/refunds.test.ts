// Refund events (credit.created, charge.refunded) take what was refunded off the sale they name,
// so the console's revenue is net; one that names no stored sale stays visible in Activity.
import { describe, expect, it } from 'vitest';
import { processEvent } from '../../../main/receiver';
import { salesChart, salesTotals } from '../../../main/sales';
import { newFulfillment } from '../../support/sale-fixtures';
import { useTempDir } from '../../support/temp-dir';
import { deliver, eventually, startRig, succeededBody, type Rig } from './helpers';

const tmp = useTempDir('cc-receiver-refunds-');

const refund = (eventType: string, object: Record<string, unknown>) =>
  JSON.stringify({ event_type: eventType, account_id: 77, data: { object } });

async function sold(rig: Rig, session: number, transaction: string) {
  expect((await deliver(rig, succeededBody({ session, transaction }))).status).toBe(200);
  return eventually(() => rig.store.fulfillments.bySession(rig.accountId, session));
}

async function processed(rig: Rig, body: string) {
  expect((await deliver(rig, body)).status).toBe(200);
  const events = rig.store.events;
  return eventually(() =>
    events
      .list(rig.accountId, { limit: 20, offset: 0 })
      .items.find((e) => e.body === body && e.processedAt !== null),
  );
}

const today = (rig: Rig) =>
  salesTotals(rig.store, rig.accountId, { now: new Date(), utcOffsetMinutes: 0 });

describe('refunds of recorded sales', () => {
  it('takes a credit note naming the sale’s transaction off today’s, 7 and 30 days’ revenue', async () => {
    const rig = await startRig(tmp);
    await sold(rig, 901, 'ch_901');
    await sold(rig, 902, 'ch_902');
    await processed(
      rig,
      refund('credit.created', {
        transaction_details: { transaction: 'ch_901', amount_cents: 2100, currency: 'EUR' },
      }),
    );
    const totals = today(rig);
    for (const list of [totals.today, totals.days7, totals.days30]) {
      expect(list).toEqual([{ currency: 'EUR', amount: 2100, count: 2, refunded: 2100 }]);
    }
    const chart = salesChart(rig.store, rig.accountId, { now: new Date(), utcOffsetMinutes: 0 });
    expect(chart.days.at(-1)?.amounts).toEqual({ EUR: 2100 });
  });

  it('counts a partial refund by its amount, and the same event processed again once', async () => {
    const rig = await startRig(tmp);
    await sold(rig, 903, 'ch_903');
    const body = refund('charge.refunded', {
      transaction_details: { session: 903, amount: '5.00', currency: 'EUR' },
    });
    const event = await processed(rig, body);
    expect((await deliver(rig, body)).status).toBe(200); // a redelivery
    expect(processEvent(rig.store, rig.accountId, event.id).error).toBeNull();
    expect(today(rig).today).toEqual([{ currency: 'EUR', amount: 1600, count: 1, refunded: 500 }]);
  });

  it('counts two partial refunds of one session as two, not the second as a redelivery', async () => {
    const rig = await startRig(tmp);
    await sold(rig, 906, 'ch_906');
    const partial = (cents: number) =>
      refund('credit.created', {
        transaction_details: { session: 906, amount_cents: cents, currency: 'EUR' },
      });
    await processed(rig, partial(500));
    await processed(rig, partial(300));
    expect(today(rig).today).toEqual([{ currency: 'EUR', amount: 1300, count: 1, refunded: 800 }]);
  });

  it('counts a refund once when both the processor’s and the credit note’s events report it', async () => {
    const rig = await startRig(tmp);
    await sold(rig, 904, 'ch_904');
    await processed(
      rig,
      refund('charge.refunded', {
        transaction_details: { transaction: 'ch_904', amount_cents: 2100, currency: 'EUR' },
      }),
    );
    // A credit note as quaderno-ruby's new_refund.yml shows one: the charge in its payments.
    await processed(
      rig,
      refund('credit.created', {
        processor_id: 'ch_904_1679612879',
        payments: [{ processor_id: 'ch_904', amount_cents: 2100 }],
        total_cents: 2100,
        currency: 'EUR',
      }),
    );
    expect(today(rig).today).toEqual([{ currency: 'EUR', amount: 0, count: 1, refunded: 2100 }]);
  });

  it('keeps a refund that names no stored sale visible in Activity and revenue unchanged', async () => {
    const rig = await startRig(tmp);
    await sold(rig, 905, 'ch_905');
    const event = await processed(
      rig,
      refund('credit.created', {
        transaction_details: { transaction: 'ch_unknown', amount_cents: 700, currency: 'EUR' },
      }),
    );
    expect(event.processError).toBeNull();
    const lines = rig.store.activity.list(rig.accountId, { limit: 20, offset: 0 }).items;
    expect(lines.map((l) => l.message).join('\n')).toMatch(
      /A refund from Quaderno could not be matched to a sale \(€7\.00\)/,
    );
    expect(today(rig).today).toEqual([{ currency: 'EUR', amount: 2100, count: 1 }]);
  });

  it('takes a refund heard before its sale off that sale once it is recorded', async () => {
    const rig = await startRig(tmp);
    await processed(
      rig,
      refund('credit.created', {
        payments: [{ processor_id: 'ch_907', amount_cents: 800 }],
        currency: 'EUR',
      }),
    );
    const sale = await sold(rig, 907, 'ch_907');
    expect(sale.refundedAmount).toBe(800);
    expect(today(rig).today).toEqual([{ currency: 'EUR', amount: 1300, count: 1, refunded: 800 }]);
  });

  it('takes a refund off a sale sync recorded once its webhook names the charge and the amount with tax', async () => {
    const rig = await startRig(tmp);
    // Sync knew neither the charge nor the tax: a credit note naming the charge matched nothing.
    rig.store.fulfillments.record(
      rig.accountId,
      newFulfillment({ sessionId: 908, amount: 2000, receivedAt: new Date().toISOString() }),
    );
    await processed(
      rig,
      refund('credit.created', {
        payments: [{ processor_id: 'ch_908', amount_cents: 2100 }],
        currency: 'EUR',
      }),
    );
    expect(rig.store.fulfillments.bySession(rig.accountId, 908)?.refundedAmount ?? 0).toBe(0);

    const body = succeededBody({ session: 908, transaction: 'ch_908' });
    expect((await deliver(rig, body)).status).toBe(200);
    const sale = await eventually(() => {
      const f = rig.store.fulfillments.bySession(rig.accountId, 908);
      return f?.source === 'webhook' ? f : undefined;
    });
    expect(sale).toMatchObject({ amount: 2100, refundedAmount: 2100 });
    expect(today(rig).today).toEqual([{ currency: 'EUR', amount: 0, count: 1, refunded: 2100 }]);
  });
});
