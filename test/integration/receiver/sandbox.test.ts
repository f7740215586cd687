import { afterEach, describe, expect, it } from 'vitest';
import { createQuadernoClient, type QuadernoClient } from '../../../main/quaderno';
import { startSandbox, type Sandbox } from '../../../main/sandbox';
import { useTempDir } from '../../support/temp-dir';
import { eventually, send, startRig, type Rig } from './helpers';

const tmp = useTempDir('cc-receiver-sb-');
let sb: Sandbox | undefined;
afterEach(async () => {
  await sb?.close();
  sb = undefined;
});

async function wire(): Promise<{ rig: Rig; client: QuadernoClient; sandbox: Sandbox }> {
  sb = await startSandbox({ webhookRetryDelayMs: 50 });
  const rig = await startRig(tmp, { apiUrl: sb.apiUrl });
  const client = createQuadernoClient({ apiUrl: sb.apiUrl, apiKey: sb.apiKey });
  // The registrar's job in the app; here the test registers the receiver directly.
  const hook = await client.createWebhook({
    url: rig.url,
    events_types: ['checkout.succeeded', 'checkout.failed', 'checkout.abandoned'],
  });
  rig.setTargets([{ url: hook.url, authKey: hook.auth_key ?? '' }]);
  return { rig, client, sandbox: sb };
}

async function newSession(client: QuadernoClient, email: string, currency = 'EUR') {
  const items = await client.listItems();
  const product = items.find((i) => i.currency === currency && i.kind === 'one_off') ?? items[0]!;
  return client.createSession({
    items: [{ product: String(product.code), quantity: 2 }],
    customer: { email, first_name: 'Ana', last_name: 'García' },
    success_url: 'https://shop.example/thanks',
    cancel_url: 'https://shop.example/cancel',
  });
}

async function act(sandbox: Sandbox, id: number, move: 'complete' | 'fail' | 'abandon') {
  const res = await fetch(`${sandbox.origin}/__sandbox/checkout/sessions/${id}/${move}`, {
    method: 'POST',
  });
  expect(res.status).toBe(200);
}

describe('sandbox → receiver', () => {
  it('a paid sandbox session becomes exactly one fulfilment with its amount, tax and products', async () => {
    const { rig, client, sandbox } = await wire();
    const session = await newSession(client, 'ana@example.com');
    const paidAt = performance.now();
    await act(sandbox, session.id, 'complete');
    const repo = rig.store.fulfillments;
    const sale = await eventually(() => repo.bySession(rig.accountId, session.id), 15_000);
    const latencyMs = performance.now() - paidAt;
    console.info(`[figures] sandbox payment → fulfilment stored: ${latencyMs.toFixed(1)} ms`);
    const cents = session.items.reduce((sum, i) => sum + (i.amount ?? 0) * (i.quantity ?? 1), 0);
    expect(sale).toMatchObject({
      customerEmail: 'ana@example.com',
      customerName: 'Ana García',
      amount: cents,
      currency: 'EUR',
      source: 'webhook',
      gateway: 'stripe',
      taxName: 'VAT',
      taxRate: 21,
    });
    expect(sale.transactionId).toMatch(/^pi_/);
    expect(sale.products.map((p) => p.code)).toEqual([session.items[0]?.product]);
    await eventually(() =>
      sandbox.deliveries().some((d) => d.session_id === session.id && d.status === 200),
    );
    const ok = sandbox.deliveries().filter((d) => d.session_id === session.id && d.status === 200);
    expect(ok).toHaveLength(1);
    expect(repo.list(rig.accountId, { limit: 10, offset: 0 }).total).toBe(1);
    // A second payment, with connections and code warm, for the figure in the issue note.
    const next = await newSession(client, 'eve@example.com');
    const warmAt = performance.now();
    await act(sandbox, next.id, 'complete');
    await eventually(() => repo.bySession(rig.accountId, next.id));
    const warmMs = performance.now() - warmAt;
    console.info(`[figures] second payment → fulfilment stored: ${warmMs.toFixed(1)} ms`);
    expect(repo.list(rig.accountId, { limit: 10, offset: 0 }).total).toBe(2);
  });

  it('a duplicate delivery and a replayed body add nothing', async () => {
    const { rig, client, sandbox } = await wire();
    const session = await newSession(client, 'bo@example.com');
    const received: Array<{ body: string; signature: string }> = [];
    await act(sandbox, session.id, 'complete');
    const repo = rig.store.fulfillments;
    await eventually(() => repo.bySession(rig.accountId, session.id));
    const [event] = rig.store.events.list(rig.accountId, {
      limit: 1,
      offset: 0,
    }).items;
    received.push({ body: event!.body, signature: event!.headers['x-quaderno-signature']! });
    for (let i = 0; i < 3; i++) {
      const replay = await send(rig.url, {
        headers: {
          'Content-Type': 'application/json',
          'X-Quaderno-Signature': received[0]!.signature,
        },
        body: received[0]!.body,
      });
      expect(replay.status).toBe(200);
    }
    await new Promise((r) => setTimeout(r, 200));
    expect(rig.store.events.count(rig.accountId)).toBe(1);
    expect(repo.list(rig.accountId, { limit: 10, offset: 0 }).total).toBe(1);
  });

  it('failed and abandoned checkouts are logged and never become sales', async () => {
    const { rig, client, sandbox } = await wire();
    const failing = await newSession(client, 'cy@example.com');
    const leaving = await newSession(client, 'di@example.com', 'USD');
    await act(sandbox, failing.id, 'fail');
    await act(sandbox, leaving.id, 'abandon');
    const activity = rig.store.activity;
    const log = await eventually(() => {
      const items = activity.list(rig.accountId, { limit: 10, offset: 0 }).items;
      return items.length >= 2 ? items : undefined;
    });
    expect(log.map((a) => a.kind).sort()).toEqual(['checkout_abandoned', 'checkout_failed']);
    expect(log.find((a) => a.kind === 'checkout_failed')?.message).toContain('Insufficient funds');
    expect(rig.store.fulfillments.countNew(rig.accountId)).toBe(0);
  });
});
