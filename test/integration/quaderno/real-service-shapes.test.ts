// The client against a server that answers the way recordings of the real Quaderno do: items
// without currency, string ids, oldest-first lists without paging headers, 403/503 rate limits
// and fields nobody documented.
import { describe, expect, it } from 'vitest';
import type { Unreadable } from '../../../main/quaderno';
import { fakeQuadernoOnFakeTime, json } from '../../support/fake-quaderno';

// As in quaderno-ruby's all_items.yml: no currency, no kind, no description.
const recordedItem = {
  id: 1,
  code: 'prod_a',
  name: 'Ebook',
  unit_cost: '21.0',
  stock: null,
  tax_class: 'eservice',
  url: 'x',
};

const session = (id: number, extra: Record<string, unknown> = {}) => ({
  id,
  status: 'pending',
  permalink: `https://acme.quadernoapp.com/checkout/session/${String(id).padStart(40, '0')}`,
  items: [{ product: 'prod_a', quantity: 1, amount: 2100.0, currency: 'USD' }],
  metadata: {},
  ...extra,
});

describe('reading what the real Quaderno sends', () => {
  it('lists items without currency, kind or description, and keeps fields it does not know', async () => {
    const { client } = await fakeQuadernoOnFakeTime([json(200, [recordedItem])]);

    const [item] = await client.listItems();

    expect(item).toMatchObject({ code: 'prod_a', currency: null, kind: null, description: null });
    expect(item).toMatchObject({ tax_class: 'eservice', stock: null });
  });

  it('leaves out one unreadable item, names it, and returns the others', async () => {
    const broken = { id: 2, code: 'prod_b', unit_cost: '5.0' };
    const { client } = await fakeQuadernoOnFakeTime([json(200, [recordedItem, broken])]);
    const skipped: Unreadable[] = [];

    const items = await client.listItems((entry) => skipped.push(entry));

    expect(items.map((i) => i.code)).toEqual(['prod_a']);
    expect(skipped).toEqual([
      { what: 'products', id: '2', reason: expect.stringContaining('name') },
    ]);
  });

  it('accepts an authorization whose id is a string', async () => {
    const { client } = await fakeQuadernoOnFakeTime([
      json(200, { identity: { id: '999', name: 'Sheldon Cooper', email: 'sc@example.com' } }),
    ]);

    await expect(client.authorization()).resolves.toMatchObject({
      id: 999,
      name: 'Sheldon Cooper',
    });
  });

  it('reads an oldest-first session list without paging headers as one whole page', async () => {
    const { client } = await fakeQuadernoOnFakeTime([
      json(200, [session(1), session(2), session(3, { tax_type: 'excluded', coupon: null })]),
    ]);

    const page = await client.listSessionsPage({ limit: 2 });

    expect(page.items.map((s) => s.id)).toEqual([1, 2, 3]);
    expect(page.items[2]).toMatchObject({ tax_type: 'excluded', coupon: null });
    expect(page).toMatchObject({ hasMore: false, nextPage: null });
  });

  it('pins one API version in the Accept header of every call', async () => {
    const { client, seen } = await fakeQuadernoOnFakeTime([
      json(200, { status: 'OK' }),
      json(200, []),
    ]);

    await client.ping();
    await client.listItems();

    expect(seen.map((r) => r.headers.accept)).toEqual([
      'application/json; api_version=20220325',
      'application/json; api_version=20220325',
    ]);
  });
});

describe('rate limits in the shapes older versions use', () => {
  it('waits and retries a 403 whose body says the rate limit was exceeded', async () => {
    const { client, seen } = await fakeQuadernoOnFakeTime([
      json(403, { error: 'Rate limit exceeded' }, { 'Retry-After': '2' }),
      json(200, session(7)),
    ]);

    await expect(client.getSession(7)).resolves.toMatchObject({ id: 7 });
    expect(seen).toHaveLength(2);
  });

  it('fails at once, as rate limited, when a 403 rate limit asks for an hour', async () => {
    const { client, seen, clock } = await fakeQuadernoOnFakeTime([
      json(403, { error: 'Rate limit exceeded' }, { 'Retry-After': '3600' }),
      json(200, session(7)),
    ]);

    await expect(client.getSession(7)).rejects.toMatchObject({ code: 'rate_limited' });
    expect(seen).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('waits and retries a 403 that says nothing but when to come back, or that the window is spent', async () => {
    const { client, seen } = await fakeQuadernoOnFakeTime([
      json(403, { error: 'Forbidden' }, { 'Retry-After': '1' }),
      json(403, {}, { 'X-RateLimit-Remaining': '0' }),
      json(403, { error: 'Throttle limit exceeded, please try again later' }),
      json(200, session(7)),
    ]);

    await expect(client.getSession(7)).resolves.toMatchObject({ id: 7 });
    expect(seen).toHaveLength(4);
  });

  it('still reports a plain 403 as forbidden, without retrying', async () => {
    const { client, seen } = await fakeQuadernoOnFakeTime([
      json(403, { error: 'Forbidden' }),
      json(200, session(7)),
    ]);

    await expect(client.getSession(7)).rejects.toMatchObject({ code: 'forbidden' });
    expect(seen).toHaveLength(1);
  });

  it('sends a create refused by a 503 rate limit again, once', async () => {
    const { client, seen } = await fakeQuadernoOnFakeTime([
      json(503, { error: 'API rate limit exceeded' }),
      json(201, session(8)),
    ]);

    const created = await client.createSession({
      items: [{ product: 'prod_a' }],
      success_url: 'https://shop.example/ok',
      cancel_url: 'https://shop.example/cancel',
    });

    expect(created.id).toBe(8);
    expect(seen.filter((r) => r.method === 'POST')).toHaveLength(2);
  });

  it('does not send a create again after a plain 503', async () => {
    const { client, seen } = await fakeQuadernoOnFakeTime([json(503, {}), json(201, session(8))]);

    await expect(
      client.createSession({
        items: [{ product: 'prod_a' }],
        success_url: 'https://shop.example/ok',
        cancel_url: 'https://shop.example/cancel',
      }),
    ).rejects.toMatchObject({ code: 'server_error' });
    expect(seen).toHaveLength(1);
  });
});
