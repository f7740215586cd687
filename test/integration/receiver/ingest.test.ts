import { describe, expect, it } from 'vitest';
import { withRawDb } from '../../support/raw-db';
import { useTempDir } from '../../support/temp-dir';
import { deliver, eventually, startRig, succeededBody } from './helpers';

const tmp = useTempDir('cc-receiver-');

describe('receiver ingest', () => {
  it('stores a signed sale before answering 200 and turns it into one fulfilment', async () => {
    const rig = await startRig(tmp);
    const body = succeededBody({ session: 501 });
    const answer = await deliver(rig, body);
    expect(answer.status).toBe(200);
    // Committed before the answer: readable right away from a second connection.
    const events = rig.store.events.list(rig.accountId, { limit: 10, offset: 0 });
    expect(events.items.map((e) => [e.body, e.verification])).toEqual([[body, 'valid']]);
    expect(events.items[0]?.headers['x-quaderno-signature']).toBeTruthy();
    const fulfilments = rig.store.fulfillments;
    const sale = await eventually(() => fulfilments.bySession(rig.accountId, 501));
    expect(sale).toMatchObject({
      sessionId: 501,
      customerEmail: 'jane@example.com',
      customerName: 'Jane Doe',
      products: [{ code: 'prod_ebook', name: null }],
      amount: 2100,
      currency: 'EUR',
      taxName: 'VAT',
      taxRate: 21,
      transactionId: 'pi_501',
      gateway: 'stripe',
      source: 'webhook',
      signatureWarning: false,
      status: 'new',
      eventId: events.items[0]?.id,
    });
    await eventually(() => rig.fulfilmentIds.includes(sale.id));
  });

  it('answers 200 to the same body twice and to a replay with another body, storing it once', async () => {
    const rig = await startRig(tmp);
    const body = succeededBody({ session: 502 });
    expect((await deliver(rig, body)).status).toBe(200);
    expect((await deliver(rig, body)).status).toBe(200);
    // Same business key (session + event type), different bytes: a replay, not a new sale.
    const reordered = JSON.stringify({ ...JSON.parse(body), account_id: 78 });
    expect((await deliver(rig, reordered)).status).toBe(200);
    await eventually(() => rig.store.fulfillments.bySession(rig.accountId, 502));
    expect(rig.store.events.count(rig.accountId)).toBe(1);
    expect(rig.store.fulfillments.list(rig.accountId, { limit: 10, offset: 0 }).total).toBe(1);
  });

  it('converts JPY cents to yen', async () => {
    const rig = await startRig(tmp);
    const parsed = JSON.parse(succeededBody({ session: 503 }));
    parsed.data.object.transaction_details.currency = 'JPY';
    parsed.data.object.transaction_details.amount_cents = 50000;
    expect((await deliver(rig, JSON.stringify(parsed))).status).toBe(200);
    const sale = await eventually(() => rig.store.fulfillments.bySession(rig.accountId, 503));
    expect([sale.amount, sale.currency]).toEqual([500, 'JPY']);
  });

  it('quarantines a bad signature with 200 and the URL it was checked against, and never makes a sale of it', async () => {
    // Changed on purpose (issue 11): was 401; Quaderno deletes a webhook that refuses twice.
    const rig = await startRig(tmp);
    const body = succeededBody({ session: 504 });
    const forged = await deliver({ url: rig.url, authKey: 'not-the-real-key-000000' }, body);
    expect(forged.status).toBe(200);
    const [event] = rig.store.events.list(rig.accountId, {
      limit: 5,
      offset: 0,
    }).items;
    expect(event?.verification).toBe('invalid');
    expect(event?.reason).toContain(rig.url);
    await new Promise((r) => setTimeout(r, 200));
    expect(rig.store.fulfillments.bySession(rig.accountId, 504)).toBeUndefined();
  });

  it('accepts a body refused before once its webhook key is known, as one event', async () => {
    const rig = await startRig(tmp);
    const body = succeededBody({ session: 505 });
    rig.setTargets([]);
    expect((await deliver(rig, body)).status).toBe(200); // quarantined (was 401)
    rig.setTargets([{ url: rig.url, authKey: rig.authKey }]);
    expect((await deliver(rig, body)).status).toBe(200);
    await eventually(() => rig.store.fulfillments.bySession(rig.accountId, 505));
    const events = rig.store.events.list(rig.accountId, { limit: 5, offset: 0 });
    expect(events.items.map((e) => e.verification)).toEqual(['valid']);
  });

  it('confirms a badly signed sale through the API and records it with a signature warning', async () => {
    const asked: number[] = [];
    const rig = await startRig(tmp, {
      confirm: async (_account, sessionId) => {
        asked.push(sessionId);
        return sessionId === 506
          ? {
              id: 506,
              status: 'completed',
              permalink: 'https://shop.quadernoapp.com/checkout/session/x',
              customer: { email: 'JANE@example.com' },
              items: [{ product: 'prod_ebook', name: 'Ebook' }],
              total: 2100,
              currency: 'EUR',
            }
          : {
              id: sessionId,
              status: 'pending',
              permalink: '',
              customer: { email: 'jane@example.com' },
              items: [],
              total: 0,
              currency: 'EUR',
            };
      },
    });
    const bad = { url: rig.url, authKey: 'xxxxxxxxxxxxxxxxxxxxxx' };
    // Quarantined and acknowledged (was 401 before issue 11).
    expect((await deliver(bad, succeededBody({ session: 506 }))).status).toBe(200);
    expect((await deliver(bad, succeededBody({ session: 507 }))).status).toBe(200);
    const repo = rig.store.fulfillments;
    const sale = await eventually(() => repo.bySession(rig.accountId, 506));
    expect(sale).toMatchObject({
      source: 'api_confirmed',
      signatureWarning: true,
      products: [{ code: 'prod_ebook', name: 'Ebook' }],
    });
    await eventually(() => asked.length === 2);
    await new Promise((r) => setTimeout(r, 100));
    expect(repo.bySession(rig.accountId, 507)).toBeUndefined();
    const events = rig.store.events;
    expect(events.count(rig.accountId, 'confirmed')).toBe(1);
    expect(events.count(rig.accountId, 'invalid')).toBe(1);
  });

  it('processes on start the events stored before a crash interrupted processing', async () => {
    const first = await startRig(tmp);
    const events = first.store.events;
    const { id } = events.insertVerified({
      accountId: first.accountId,
      body: succeededBody({ session: 508 }),
      headers: {},
      eventType: 'checkout.succeeded',
      sessionId: 508,
      businessKey: 'checkout.succeeded:session:508',
    });
    // A fresh receiver on the same file finds the unprocessed event.
    const { startReceiver } = await import('../../../main/receiver');
    const again = await startReceiver({ store: first.store, route: () => null });
    const sale = await eventually(() => first.store.fulfillments.bySession(first.accountId, 508));
    await again.close();
    expect(sale.eventId).toBe(id);
    expect(events.get(id)?.processedAt).not.toBeNull();
  });
});

describe('receiver under a sustained burst', () => {
  it('acknowledges every delivery, shows sales while the burst lasts, and then all of them once', async () => {
    const rig = await startRig(tmp);
    const fulfilments = rig.store.fulfillments;
    const total = 1200;
    const sessions = Array.from({ length: total }, (_, i) => 70_000 + i);
    const statuses: number[] = [];
    let next = 0;
    // 16 senders back to back: every event-loop turn of the receiver has deliveries waiting.
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < total) {
          const session = sessions[next++]!;
          statuses.push((await deliver(rig, succeededBody({ session }))).status);
        }
      }),
    );
    const shownDuringBurst = fulfilments.list(rig.accountId, { limit: 1, offset: 0 }).total;
    expect(statuses.filter((s) => s === 200)).toHaveLength(total);
    // Processing yields to acknowledging, but is never starved while deliveries keep coming.
    expect(shownDuringBurst).toBeGreaterThan(0);
    await eventually(
      () => fulfilments.list(rig.accountId, { limit: 1, offset: 0 }).total === total,
      60_000,
    );
    expect(rig.store.events.unprocessed(rig.accountId)).toEqual([]);
    const perSession = withRawDb(rig.store.file, (db) =>
      db.prepare('SELECT count(*) FROM fulfillments GROUP BY session_id HAVING count(*) > 1').all(),
    );
    expect(perSession).toEqual([]);
  }, 90_000);
});
