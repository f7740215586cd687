import { describe, expect, it } from 'vitest';
import {
  call,
  control,
  createSession,
  productIn,
  sandbox,
  sink,
  URLS,
  type SessionJson,
} from './helpers';

interface Envelope {
  event_type: string;
  account_id: number;
  data: { object: Record<string, Record<string, unknown>> };
}

async function setup() {
  const sb = await sandbox();
  const receiver = await sink();
  await call(sb, 'POST', 'webhooks', {
    url: receiver.url(),
    events_types: ['checkout.succeeded', 'checkout.failed', 'checkout.abandoned'],
  });
  const identity = (await call(sb, 'GET', 'authorization')).body as { identity: { id: number } };
  return { sb, receiver, accountId: identity.identity.id };
}

const CUSTOMER = {
  first_name: 'Ada',
  last_name: 'Lovelace',
  email: 'ada@example.com',
  billing_country: 'ES',
  billing_postal_code: '08001',
  billing_street_line_1: 'Carrer de Mallorca 1',
  tax_id: 'ES12345678Z',
};

describe('sandbox webhook payloads', () => {
  it('sends checkout.succeeded with full transaction details, contact and message', async () => {
    const { sb, receiver, accountId } = await setup();
    const eur = await productIn(sb, 'EUR');
    const s = await createSession(sb, {
      items: [{ product: eur.code, quantity: 2 }],
      customer: CUSTOMER,
    });
    await control(sb, 'POST', `/__sandbox/checkout/sessions/${s.id}/complete`);
    const [delivery] = await receiver.waitFor(1);
    const event = JSON.parse(delivery?.body ?? '{}') as Envelope;
    const cents = Math.round(Number(eur.unit_cost) * 100) * 2;
    expect(event.event_type).toBe('checkout.succeeded');
    expect(event.account_id).toBe(accountId);
    expect(event.data.object.transaction_details).toEqual({
      session: s.id,
      session_permalink: s.permalink,
      gateway: 'stripe',
      type: 'charge',
      description: eur.name,
      customer: expect.stringMatching(/^cus_/),
      email: 'ada@example.com',
      transaction: expect.stringMatching(/^pi_/),
      product_id: eur.code,
      tax_name: 'VAT',
      tax_rate: 21,
      extra_tax_name: null,
      extra_tax_rate: null,
      iat: expect.any(Number),
      amount_cents: cents,
      amount: (cents / 100).toFixed(2),
      currency: 'EUR',
    });
    expect(event.data.object.contact).toMatchObject({
      id: expect.any(Number),
      kind: 'person',
      first_name: 'Ada',
      last_name: 'Lovelace',
      full_name: 'Ada Lovelace',
      email: 'ada@example.com',
      country: 'ES',
      postal_code: '08001',
      street_line_1: 'Carrer de Mallorca 1',
      tax_id: 'ES12345678Z',
    });
    expect(event.data.object.message).toEqual({
      response_message: 'Checkout succeeded',
      status_code: 200,
    });
  });

  it('totals a JPY purchase in hundredths, like Quaderno', async () => {
    const { sb, receiver } = await setup();
    const yen = await productIn(sb, 'JPY');
    const s = (
      await call(sb, 'POST', 'checkout/sessions', { items: [{ product: yen.code }], ...URLS })
    ).body as SessionJson;
    await control(sb, 'POST', `/__sandbox/checkout/sessions/${s.id}/complete`);
    const [delivery] = await receiver.waitFor(1);
    const details = (JSON.parse(delivery?.body ?? '{}') as Envelope).data.object
      .transaction_details;
    expect(details).toMatchObject({
      amount_cents: Number(yen.unit_cost) * 100,
      amount: Number(yen.unit_cost).toFixed(2),
      currency: 'JPY',
    });
  });

  it('sends checkout.failed with the processor reason and checkout.abandoned with a sparse contact', async () => {
    const { sb, receiver } = await setup();
    const eur = await productIn(sb, 'EUR');
    const make = async () =>
      (
        await call(sb, 'POST', 'checkout/sessions', {
          items: [{ product: eur.code }],
          ...URLS,
          customer: CUSTOMER,
        })
      ).body as SessionJson;
    const f = await make();
    await control(sb, 'POST', `/__sandbox/checkout/sessions/${f.id}/fail`);
    const a = await make();
    await control(sb, 'POST', `/__sandbox/checkout/sessions/${a.id}/abandon`);
    const events = (await receiver.waitFor(2)).map((d) => JSON.parse(d.body) as Envelope);
    const failed = events.find((e) => e.event_type === 'checkout.failed');
    expect(failed?.data.object.message).toEqual({
      response_message: 'Insufficient funds',
      status_code: 422,
    });
    expect(failed?.data.object.transaction_details).toMatchObject({ session: f.id });
    expect(failed?.data.object.transaction_details).not.toHaveProperty('amount_cents');
    expect(failed?.data.object.contact).toMatchObject({ email: 'ada@example.com' });
    const abandoned = events.find((e) => e.event_type === 'checkout.abandoned');
    expect(abandoned?.data.object.transaction_details).toEqual({
      session: a.id,
      description: eur.name,
      plan: null,
    });
    expect(abandoned?.data.object.contact).toEqual({
      first_name: 'Ada',
      last_name: 'Lovelace',
      email: 'ada@example.com',
    });
  });
});
