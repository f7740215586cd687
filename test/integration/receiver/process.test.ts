import { describe, expect, it } from 'vitest';
import { processEvent } from '../../../main/receiver';
import { createFulfillmentHandlers } from '../../../main/sales';
import { EBOOK_ITEM, linkSession } from '../../support/link-fixture';
import { useTempDir } from '../../support/temp-dir';
import { deliver, eventually, startRig, succeededBody } from './helpers';

const tmp = useTempDir('cc-receiver-process-');

describe('event processing', () => {
  it('re-running a processed sale enriches the same fulfilment instead of adding one', async () => {
    const rig = await startRig(tmp);
    expect((await deliver(rig, succeededBody({ session: 801 }))).status).toBe(200);
    const repo = rig.store.fulfillments;
    const sale = await eventually(() => repo.bySession(rig.accountId, 801));
    const again = processEvent(rig.store, rig.accountId, sale.eventId!);
    expect(again).toMatchObject({ fulfillmentId: sale.id, error: null });
    expect(repo.list(rig.accountId, { limit: 5, offset: 0 }).total).toBe(1);
  });

  it('never turns a quarantined event into a sale, even when asked to reprocess it', async () => {
    const rig = await startRig(tmp);
    const bad = { url: rig.url, authKey: 'zzzzzzzzzzzzzzzzzzzzzz' };
    expect((await deliver(bad, succeededBody({ session: 802 }))).status).toBe(200); // quarantined (was 401)
    const [event] = rig.store.events.list(rig.accountId, {
      limit: 1,
      offset: 0,
    }).items;
    const result = processEvent(rig.store, rig.accountId, event!.id);
    expect(result.error).toMatch(/quarantined/);
    expect(rig.store.fulfillments.bySession(rig.accountId, 802)).toBeUndefined();
  });

  it('never lets the unverified body of a confirmed sale set its amount when run again', async () => {
    const rig = await startRig(tmp);
    const forged = JSON.parse(succeededBody({ session: 806 }));
    forged.data.object.transaction_details.amount_cents = 1;
    const bad = { url: rig.url, authKey: 'zzzzzzzzzzzzzzzzzzzzzz' };
    expect((await deliver(bad, JSON.stringify(forged))).status).toBe(200);
    const [event] = rig.store.events.list(rig.accountId, { limit: 1, offset: 0 }).items;
    // Quaderno confirmed session 806, but processing that answer did not get to run.
    expect(rig.store.events.confirm(event!.id)).toBe(true);
    const unanswered = processEvent(rig.store, rig.accountId, event!.id);
    expect(unanswered.error).toMatch(/next sync records the sale/);
    expect(rig.store.fulfillments.bySession(rig.accountId, 806)).toBeUndefined();

    const answer = {
      email: 'jane@example.com',
      total: 2100,
      currency: 'EUR',
      permalink: 'https://shop.quadernoapp.com/checkout/session/806',
      products: [],
    };
    expect(processEvent(rig.store, rig.accountId, event!.id, answer).error).toBeNull();
    const sale = rig.store.fulfillments.bySession(rig.accountId, 806);
    expect(sale?.amount).toBe(2100);
    expect(processEvent(rig.store, rig.accountId, event!.id)).toMatchObject({
      fulfillmentId: sale?.id,
      error: null,
    });
    expect(rig.store.fulfillments.bySession(rig.accountId, 806)?.amount).toBe(2100);
  });

  it('records a sale without a currency as a processing error, not a fulfilment', async () => {
    const rig = await startRig(tmp);
    const body = JSON.parse(succeededBody({ session: 803 }));
    delete body.data.object.transaction_details.currency;
    expect((await deliver(rig, JSON.stringify(body))).status).toBe(200);
    const events = rig.store.events;
    const event = await eventually(() =>
      events.list(rig.accountId, { limit: 1, offset: 0 }).items.find((e) => e.processedAt),
    );
    expect(event.processError).toMatch(/currency/);
    expect(rig.store.fulfillments.bySession(rig.accountId, 803)).toBeUndefined();
  });

  it('moves a console link to abandoned and then completed, but never back from completed', async () => {
    const rig = await startRig(tmp);
    const sessions = rig.store.sessions;
    sessions.upsert(
      rig.accountId,
      linkSession({
        id: 804,
        permalink: 'https://shop.quadernoapp.com/checkout/session/804',
        customer: { firstName: 'Jane' },
        items: [EBOOK_ITEM],
        total: 2100,
        createdAt: undefined,
      }),
      { origin: 'console' },
    );
    const event = (type: string) =>
      JSON.stringify({
        event_type: type,
        data: { object: { transaction_details: { session: 804 }, contact: {} } },
      });
    expect((await deliver(rig, event('checkout.abandoned'))).status).toBe(200);
    await eventually(() => sessions.get(rig.accountId, 804)?.status === 'abandoned');
    expect((await deliver(rig, succeededBody({ session: 804 }))).status).toBe(200);
    const sale = await eventually(() => rig.store.fulfillments.bySession(rig.accountId, 804));
    // Named from the console's own link, not just the code the webhook carries.
    expect(sale.products).toEqual([
      { code: 'prod_ebook', name: 'Ebook', quantity: 1, unitAmount: 2100 },
    ]);
    expect(sessions.get(rig.accountId, 804)?.status).toBe('completed');
    expect((await deliver(rig, event('checkout.failed'))).status).toBe(200);
    await eventually(() =>
      rig.store.events
        .list(rig.accountId, { limit: 5, offset: 0 })
        .items.every((e) => e.processedAt),
    );
    expect(sessions.get(rig.accountId, 804)?.status).toBe('completed');
    expect(rig.sessionChanges).toEqual([804, 804]);
  });

  it('marks a sale fulfilled and back through the contract handlers', async () => {
    const rig = await startRig(tmp);
    expect((await deliver(rig, succeededBody({ session: 805 }))).status).toBe(200);
    const sale = await eventually(() => rig.store.fulfillments.bySession(rig.accountId, 805));
    const changed: number[][] = [];
    const handlers = createFulfillmentHandlers({
      store: rig.store,
      accountId: () => rig.accountId,
      onChanged: (_a, ids) => changed.push(ids),
    });
    const done = await handlers['fulfillments.markFulfilled']({ id: sale.id, note: 'shipped' });
    expect(done).toMatchObject({ status: 'fulfilled', note: 'shipped' });
    const list = await handlers['fulfillments.list']({ status: 'new', limit: 100, offset: 0 });
    expect(list.total).toBe(0);
    expect((await handlers['fulfillments.undo']({ id: sale.id })).status).toBe('new');
    expect(changed).toEqual([[sale.id], [sale.id]]);
    await expect(handlers['fulfillments.undo']({ id: 99999 })).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('works off a backlog of unprocessed events at start, one fulfilment each', async () => {
    const rig = await startRig(tmp);
    const events = rig.store.events;
    // One commit for the setup only; the receiver commits each one on its own.
    events.insertVerifiedMany(
      Array.from({ length: 450 }, (_, i) => 2000 + i).map((session) => ({
        accountId: rig.accountId,
        body: succeededBody({ session }),
        headers: {},
        eventType: 'checkout.succeeded',
        sessionId: session,
        businessKey: `checkout.succeeded:session:${session}`,
      })),
    );
    const { startReceiver } = await import('../../../main/receiver');
    const again = await startReceiver({ store: rig.store, route: () => null });
    try {
      await eventually(() => events.unprocessed(rig.accountId).length === 0, 60_000);
      const repo = rig.store.fulfillments;
      expect(repo.list(rig.accountId, { limit: 1, offset: 0 }).total).toBe(450);
    } finally {
      await again.close();
    }
  });
});
