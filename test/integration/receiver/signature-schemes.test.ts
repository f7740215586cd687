// Real deliveries may be signed by any of several schemes (docs/quaderno-api.md, Signatures):
// the sandbox signs with each in turn, and the receiver must turn each into a sale, learn the
// scheme, and never refuse a delivery it stored.
import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createQuadernoClient, type QuadernoClient } from '../../../main/quaderno';
import { normalizeSession } from '../../../main/quaderno/normalize';
import { rememberedScheme, signWebhook } from '../../../main/receiver';
import { startSandbox, type Sandbox, type SignatureScheme } from '../../../main/sandbox';
import { useTempDir } from '../../support/temp-dir';
import { deliver, eventually, send, startRig, succeededBody, type Rig } from './helpers';

const tmp = useTempDir('cc-receiver-schemes-');
let sb: Sandbox | undefined;
afterEach(async () => {
  await sb?.close();
  sb = undefined;
});

interface Wired {
  rig: Rig;
  client: QuadernoClient;
  sandbox: Sandbox;
  asked: number[];
  seen: string[];
}

async function wire(signatureScheme: SignatureScheme): Promise<Wired> {
  sb = await startSandbox({ webhookRetryDelayMs: 50, signatureScheme });
  const client = createQuadernoClient({ apiUrl: sb.apiUrl, apiKey: sb.apiKey });
  const asked: number[] = [];
  const seen: string[] = [];
  const rig = await startRig(tmp, {
    apiUrl: sb.apiUrl,
    confirm: async (_account, sessionId) => {
      asked.push(sessionId);
      return normalizeSession(await client.getSession(sessionId));
    },
    onSignatureScheme: (_account, scheme) => seen.push(scheme),
  });
  const hook = await client.createWebhook({ url: rig.url, events_types: ['checkout.succeeded'] });
  rig.setTargets([{ url: hook.url, authKey: hook.auth_key ?? '' }]);
  return { rig, client, sandbox: sb, asked, seen };
}

async function paidSession(w: Wired, email: string): Promise<number> {
  const product = (await w.client.listItems())[0]!;
  const session = await w.client.createSession({
    items: [{ product: String(product.code), quantity: 1 }],
    customer: { email, first_name: 'Ana', last_name: 'García' },
    success_url: 'https://shop.example/thanks',
    cancel_url: 'https://shop.example/cancel',
  });
  const res = await fetch(
    `${w.sandbox.origin}/__sandbox/checkout/sessions/${session.id}/complete`,
    { method: 'POST' },
  );
  expect(res.status).toBe(200);
  return session.id;
}

const schemeLines = (rig: Rig) =>
  rig.store.activity
    .list(rig.accountId, { limit: 20, offset: 0, kind: 'signature_scheme' })
    .items.map((a) => a.message);

describe('signature scheme discovery', () => {
  it.each([
    ['documented', 'verified (documented scheme)'],
    ['ruby_snippet', 'verified (Ruby snippet scheme)'],
    ['sorted_params', 'verified (sorted-parameters scheme)'],
  ] as const)(
    'turns a delivery signed with the %s scheme into a sale and remembers the scheme',
    async (scheme, label) => {
      const w = await wire(scheme);
      const id = await paidSession(w, 'ana@example.com');
      const sales = w.rig.store.fulfillments;
      const sale = await eventually(() => sales.bySession(w.rig.accountId, id), 15_000);
      expect(sale).toMatchObject({ source: 'webhook', signatureWarning: false });
      expect(w.sandbox.deliveries().map((d) => d.status)).toEqual([200]);
      expect(w.asked).toEqual([]);
      expect(rememberedScheme(w.rig.store, w.rig.accountId)).toBe(scheme);
      expect(w.seen).toEqual([scheme]);
      // Only news is logged: the documented scheme is what the console assumes.
      expect(schemeLines(w.rig)).toEqual(
        scheme === 'documented' ? [] : [`Webhook deliveries: ${label}.`],
      );
    },
  );

  it('answers 200 to a delivery no scheme verifies, keeps it quarantined, and records the sale once the API says it was paid', async () => {
    const w = await wire('unknown');
    const id = await paidSession(w, 'bo@example.com');
    const sales = w.rig.store.fulfillments;
    const sale = await eventually(() => sales.bySession(w.rig.accountId, id), 15_000);
    expect(sale).toMatchObject({ source: 'api_confirmed', signatureWarning: true });
    expect(w.sandbox.deliveries().map((d) => d.status)).toEqual([200]);
    expect(w.asked).toEqual([id]);
    expect(w.rig.store.events.count(w.rig.accountId, 'valid')).toBe(0);
    expect(rememberedScheme(w.rig.store, w.rig.accountId)).toBe('unverifiable');
    expect(schemeLines(w.rig)).toEqual([
      "Webhook deliveries: not verifiable: sales confirmed through Quaderno's API.",
    ]);
  });

  it('makes no sale of unverifiable deliveries for unpaid or unknown sessions, and asks about each session once', async () => {
    const w = await wire('unknown');
    const product = (await w.client.listItems())[0]!;
    const pending = await w.client.createSession({
      items: [{ product: String(product.code), quantity: 1 }],
      customer: { email: 'jane@example.com' },
      success_url: 'https://shop.example/thanks',
      cancel_url: 'https://shop.example/cancel',
    });
    const forged = { url: w.rig.url, authKey: 'not-the-real-key-000000' };
    const unknownId = pending.id + 100_000;
    for (let round = 0; round < 3; round += 1) {
      for (const session of [pending.id, unknownId]) {
        const body = succeededBody({ session, transaction: `pi_forged_${session}_${round}` });
        expect((await deliver(forged, body)).status).toBe(200);
      }
      // The first round's questions are answered before the next round is sent.
      await eventually(
        () =>
          w.rig.store.activity.list(w.rig.accountId, {
            limit: 10,
            offset: 0,
            kind: 'signature_rejected',
          }).total === 2,
      );
    }
    // confirm() runs synchronously up to its first await, right after each 200 was written.
    expect(w.asked.sort()).toEqual([pending.id, unknownId].sort());
    const events = w.rig.store.events;
    expect(events.count(w.rig.accountId, 'invalid')).toBe(6);
    expect(w.rig.store.fulfillments.list(w.rig.accountId, { limit: 5, offset: 0 }).total).toBe(0);
    expect(rememberedScheme(w.rig.store, w.rig.accountId)).toBeNull();
  });
});

describe('form-encoded deliveries', () => {
  it('stores the JSON payload field of a signed form as the event and quarantines a form without an event, answering 200 to both', async () => {
    const w = await wire('documented');
    const json = succeededBody({ session: 4242 });
    const form = new URLSearchParams({ payload: json }).toString();
    const headers = {
      'Content-Type': 'application/x-www-form-urlencoded',
      'X-Quaderno-Signature': signWebhook(w.rig.authKey, w.rig.url, form),
    };
    // The rig's own key: this test signs by hand rather than through the sandbox.
    w.rig.setTargets([{ url: w.rig.url, authKey: w.rig.authKey }]);
    expect((await send(w.rig.url, { headers, body: form })).status).toBe(200);
    const sales = w.rig.store.fulfillments;
    await eventually(() => sales.bySession(w.rig.accountId, 4242));
    const plain = 'name=Ana&note=not+an+event';
    const signed = {
      ...headers,
      'X-Quaderno-Signature': signWebhook(w.rig.authKey, w.rig.url, plain),
    };
    expect((await send(w.rig.url, { headers: signed, body: plain })).status).toBe(200);
    const [kept] = w.rig.store.events.list(w.rig.accountId, {
      limit: 1,
      offset: 0,
      verification: 'invalid',
    }).items;
    expect(kept?.body).toBe(plain);
    expect(kept?.reason).toContain('carries no event');
  });

  it("makes a sale of a Rails-style form (data[object][…]) signed over Rack's nested params", async () => {
    const w = await wire('documented');
    w.rig.setTargets([{ url: w.rig.url, authKey: w.rig.authKey }]);
    const form = [
      'event_type=checkout.succeeded',
      'data[object][transaction_details][session]=4243',
      'data[object][transaction_details][amount_cents]=1210',
      'data[object][transaction_details][currency]=EUR',
      'data[object][transaction_details][email]=ana%40example.com',
    ].join('&');
    // quadhook's url + params.sort.flatten.join, written out by hand as Ruby renders the hash.
    const message =
      w.rig.url +
      'data{"object"=>{"transaction_details"=>{"session"=>"4243", "amount_cents"=>"1210", ' +
      '"currency"=>"EUR", "email"=>"ana@example.com"}}}event_typecheckout.succeeded';
    const signature = createHmac('sha1', w.rig.authKey).update(message).digest('base64');
    const headers = {
      'Content-Type': 'application/x-www-form-urlencoded',
      'X-Quaderno-Signature': signature,
    };
    expect((await send(w.rig.url, { headers, body: form })).status).toBe(200);
    const sale = await eventually(() => w.rig.store.fulfillments.bySession(w.rig.accountId, 4243));
    expect(sale).toMatchObject({ amount: 1210, currency: 'EUR', customerEmail: 'ana@example.com' });
    expect(w.rig.store.events.count(w.rig.accountId, 'invalid')).toBe(0);
    expect(w.seen).toEqual(['sorted_params']);
  });
});
