import { describe, expect, it } from 'vitest';
import {
  call,
  control,
  createSession,
  productIn,
  sandbox,
  URLS,
  type SessionJson,
} from './helpers';

const CUSTOMER_FIELDS = [
  'first_name',
  'last_name',
  'email',
  'company',
  'business_number',
  'tax_id',
  'contact',
  'billing_street_line_1',
  'billing_street_line_2',
  'billing_city',
  'billing_postal_code',
  'billing_country',
];

describe('sandbox checkout sessions', () => {
  it('creates a pending session with Quaderno defaults and amounts in cents', async () => {
    const sb = await sandbox();
    const product = await productIn(sb, 'EUR');
    const res = await call(sb, 'POST', 'checkout/sessions.json', {
      items: [{ product: product.code, quantity: 2 }],
      ...URLS,
      customer: { first_name: 'Ada', email: 'ada@example.com' },
      metadata: { fingerprint: 'abc', nested: { n: 1 } },
    });
    expect(res.status).toBe(201);
    const s = res.body as SessionJson;
    expect(s).toMatchObject({
      status: 'pending',
      payment_methods: ['card'],
      locale: 'auto',
      custom: {},
      metadata: { fingerprint: 'abc', nested: { n: 1 } },
      billing_details_collection: 'auto',
      coupon_collection: false,
      ...URLS,
    });
    expect(s.permalink).toMatch(new RegExp(`^${sb.origin}/checkout/session/[0-9a-f]{40}$`));
    expect(Object.keys(s.customer).sort()).toEqual([...CUSTOMER_FIELDS].sort());
    expect(s.customer).toMatchObject({
      first_name: 'Ada',
      email: 'ada@example.com',
      last_name: null,
    });
    expect(s.items).toEqual([
      {
        product: product.code,
        amount: Math.round(Number(product.unit_cost) * 100),
        currency: 'EUR',
        name: product.name,
        description: expect.any(String),
        quantity: 2,
      },
    ]);
  });

  it('reports JPY amounts in hundredths of a yen, like every other currency', async () => {
    const sb = await sandbox();
    const yen = await productIn(sb, 'JPY');
    const s = await createSession(sb, {}, 'JPY');
    expect(s.items[0]?.amount).toBe(Number(yen.unit_cost) * 100);
    const sticker = s.items[0]?.product === yen.code;
    expect(sticker).toBe(true);
    const custom = await call(sb, 'POST', 'checkout/sessions', {
      items: [{ product: yen.code, amount: 120000, currency: 'JPY' }],
      ...URLS,
    });
    expect((custom.body as SessionJson).items[0]?.amount).toBe(120000);
  });

  it('answers 422 with one message list per field, nested fields in dot and bracket form', async () => {
    const sb = await sandbox();
    const product = await productIn(sb, 'EUR');
    const res = await call(sb, 'POST', 'checkout/sessions.json', {
      items: [
        { product: product.code, quantity: 0, amount: -5 },
        { quantity: 1 },
        { product: 'nope' },
      ],
      customer: { email: 'not-an-email' },
      locale: 'xx',
      payment_methods: ['card', 'bitcoin'],
      billing_details_collection: 'sometimes',
    });
    expect(res.status).toBe(422);
    const errors = (res.body as { errors: Record<string, string[]> }).errors;
    expect(Object.keys(errors).sort()).toEqual(
      [
        'billing_details_collection',
        'cancel_url',
        'customer.email',
        'items[0].amount',
        'items[0].quantity',
        'items[1].product',
        'items[2].product',
        'locale',
        'payment_methods[1]',
        'success_url',
      ].sort(),
    );
    for (const list of Object.values(errors)) expect(list[0]).toEqual(expect.any(String));
    expect(errors['items[2].product']).toEqual(['is not a known product code']);
    expect(errors['items[1].product']).toEqual(["can't be blank"]);
  });

  it('refuses unknown product codes and missing items', async () => {
    const sb = await sandbox();
    const unknown = await call(sb, 'POST', 'checkout/sessions', {
      items: [{ product: 'prod_00000000000000' }],
      ...URLS,
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body).toEqual({ errors: { 'items[0].product': [expect.any(String)] } });
    const empty = await call(sb, 'POST', 'checkout/sessions', { items: [], ...URLS });
    expect(empty.body).toEqual({ errors: { items: ["can't be blank"] } });
  });

  it('reads, updates and deletes a pending session', async () => {
    const sb = await sandbox();
    const s = await createSession(sb);
    const got = await call(sb, 'GET', `checkout/sessions/${s.id}.json`);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(s);
    const usd = await productIn(sb, 'USD');
    const put = await call(sb, 'PUT', `checkout/sessions/${s.id}`, {
      items: [{ product: usd.code, quantity: 3 }],
      customer: { last_name: 'Lovelace' },
      locale: 'es',
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({
      id: s.id,
      locale: 'es',
      customer: { last_name: 'Lovelace' },
      items: [{ product: usd.code, quantity: 3, currency: 'USD' }],
    });
    const del = await call(sb, 'DELETE', `checkout/sessions/${s.id}.json`);
    expect(del.status).toBe(204);
    expect(del.text).toBe('');
    expect((await call(sb, 'GET', `checkout/sessions/${s.id}`)).status).toBe(404);
  });

  it('refuses to update or delete a session that is no longer pending', async () => {
    const sb = await sandbox();
    const s = await createSession(sb);
    expect(
      (await control(sb, 'POST', `/__sandbox/checkout/sessions/${s.id}/complete`)).status,
    ).toBe(200);
    const put = await call(sb, 'PUT', `checkout/sessions/${s.id}.json`, { locale: 'en' });
    expect(put.status).toBe(422);
    expect(put.body).toEqual({ errors: { status: [expect.stringContaining('pending')] } });
    expect((await call(sb, 'DELETE', `checkout/sessions/${s.id}`)).status).toBe(422);
    expect((await call(sb, 'GET', `checkout/sessions/${s.id}`)).body).toMatchObject({
      status: 'completed',
      locale: 'auto',
    });
  });

  it('answers 404 for an unknown session id', async () => {
    const sb = await sandbox();
    expect((await call(sb, 'GET', 'checkout/sessions/999999.json')).status).toBe(404);
    expect((await call(sb, 'PUT', 'checkout/sessions/abc', { locale: 'en' })).status).toBe(404);
  });

  it('filters the list by status, case-sensitively', async () => {
    const sb = await sandbox();
    const a = await createSession(sb);
    const b = await createSession(sb);
    await createSession(sb);
    await control(sb, 'POST', `/__sandbox/checkout/sessions/${a.id}/complete`);
    await control(sb, 'POST', `/__sandbox/checkout/sessions/${b.id}/abandon`);
    const ids = async (q: string) =>
      ((await call(sb, 'GET', `checkout/sessions.json${q}`)).body as SessionJson[]).map(
        (s) => s.id,
      );
    expect(await ids('?status=completed')).toEqual([a.id]);
    expect(await ids('?status=abandoned')).toEqual([b.id]);
    expect((await ids('?status=pending')).length).toBe(1);
    expect(await ids('?status=Completed')).toEqual([]);
    expect((await ids('')).length).toBe(3);
  });

  it('moves sessions through the control endpoints and refuses moves that make no sense', async () => {
    const sb = await sandbox();
    const s = await createSession(sb);
    const failed = await control(sb, 'POST', `/__sandbox/checkout/sessions/${s.id}/fail`);
    expect(failed).toEqual({ status: 200, body: expect.objectContaining({ status: 'failed' }) });
    expect(
      (await control(sb, 'POST', `/__sandbox/checkout/sessions/${s.id}/complete`)).status,
    ).toBe(409);
    const t = await createSession(sb);
    await control(sb, 'POST', `/__sandbox/checkout/sessions/${t.id}/abandon`);
    const paid = await control(sb, 'POST', `/__sandbox/checkout/sessions/${t.id}/complete`);
    expect(paid.body).toMatchObject({ status: 'completed' });
    expect(
      (await control(sb, 'POST', `/__sandbox/checkout/sessions/${t.id}/complete`)).status,
    ).toBe(409);
    expect((await control(sb, 'POST', '/__sandbox/checkout/sessions/1/complete')).status).toBe(404);
  });

  it('can park a session in processing, where it is still payable but no longer editable', async () => {
    const sb = await sandbox();
    const s = await createSession(sb);
    const parked = await control(sb, 'POST', `/__sandbox/checkout/sessions/${s.id}/process`);
    expect(parked.body).toMatchObject({ status: 'processing' });
    const listed = (await call(sb, 'GET', 'checkout/sessions?status=processing'))
      .body as SessionJson[];
    expect(listed.map((x) => x.id)).toEqual([s.id]);
    expect((await call(sb, 'PUT', `checkout/sessions/${s.id}`, { locale: 'en' })).status).toBe(422);
    const done = await control(sb, 'POST', `/__sandbox/checkout/sessions/${s.id}/complete`);
    expect(done.body).toMatchObject({ status: 'completed' });
  });
});
