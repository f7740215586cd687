// Adding an account and syncing its catalogue against answers shaped like the real Quaderno's
// (quaderno-ruby's recordings): a string authorization id, items without currency, kind or
// description, and one item the console cannot read.
import { describe, expect, it } from 'vitest';
import { json, routes, startFakeQuaderno } from '../../support/fake-quaderno';
import { useRig } from '../../support/live-rig';
import { currencyOf } from '../../support/sandbox-profiles';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir();
const rig = useRig(tmp);

const item = (id: number, code: string, unitCost: string) => ({
  id,
  code,
  name: `Product ${id}`,
  unit_cost: unitCost,
  stock: null,
  tax_class: 'eservice',
  url: `https://acme.quadernoapp.com/api/items/${id}`,
});

const session = (id: number, currency: string) => ({
  id,
  status: 'completed',
  permalink: `https://acme.quadernoapp.com/checkout/session/${String(id).padStart(40, '0')}`,
  items: [{ product: 'prod_ebook', quantity: 1, amount: 2100.0, currency }],
  metadata: {},
});

const DEFAULT_ITEMS = [
  item(1, 'prod_ebook', '21.0'),
  { id: 2, code: 'prod_broken', unit_cost: '5.0' },
  item(3, 'prod_course', '99.5'),
];

/**
 * A real account: a server answering as above, and a live key like the merchant's own. `items`
 * answers each call to /items in turn (the last one from then on).
 */
async function realAccount(
  sessions: unknown[],
  items: Array<{ body: unknown[]; headers?: Record<string, string> }> = [{ body: DEFAULT_ITEMS }],
): Promise<{ apiUrl: string; apiKey: string }> {
  let calls = 0;
  const server = await startFakeQuaderno([
    routes({
      '/api/ping': json(200, { status: 'OK' }),
      '/api/authorization': json(200, {
        identity: { id: '999', name: 'Sheldon Cooper', email: 'sc@example.com' },
      }),
      '/api/items': (res, req) => {
        const answer = items[Math.min(calls++, items.length - 1)];
        json(200, answer?.body ?? [], answer?.headers)(res, req);
      },
      '/api/checkout/sessions': json(200, sessions),
    }),
  ]);
  return { apiUrl: server.apiUrl, apiKey: 'sk_live_realaccount1' };
}

/** A console without live, its one account added by hand as the merchant would. */
async function consoleFor(account: { apiUrl: string; apiKey: string }) {
  const cc = await rig.console(null, { live: { autoStart: false } });
  await cc.invoke('accounts.add', { account: account.apiUrl, apiKey: account.apiKey });
  return cc;
}

describe('a real account whose items carry no currency', () => {
  it('lists each in the currency its sales used, once known, and names the unreadable one', async () => {
    const cc = await consoleFor(await realAccount([session(7, 'USD'), session(8, 'USD')]));
    await cc.invoke('sync.run', {});

    const products = await cc.invoke('products.sync', {});

    // The course never sold: its currency is not known yet, and it is listed all the same.
    expect(products.map((p) => [p.code, p.unitAmount, p.currency, p.kind])).toEqual([
      ['prod_ebook', 2100, 'USD', 'one_off'],
      ['prod_course', 9950, null, 'one_off'],
    ]);
    const log = (await cc.invoke('activity.list', { kind: 'log', limit: 20, offset: 0 })).items;
    expect(log.map((e) => e.message)).toContainEqual(expect.stringContaining('"2"'));
  });

  it('lists them with no currency yet when the account has no sale at all', async () => {
    const cc = await consoleFor(await realAccount([]));

    const products = await cc.invoke('products.sync', {});

    expect(products.map((p) => [p.code, p.unitAmount, p.currency])).toEqual([
      ['prod_ebook', 2100, null],
      ['prod_course', 9950, null],
    ]);
  });
});

describe('a product whose currency is not known yet', () => {
  it('is sold at its price in the currency Quaderno picks, which the catalogue then shows', async () => {
    const sb = await rig.sandbox({
      profile: 'observed',
      rateLimit: { limit: 10_000, windowMs: 1000 },
    });
    const cc = await consoleFor(sb);
    const listed = await cc.invoke('products.sync', {});
    const yen = listed.find((p) => currencyOf(p) === 'JPY');
    if (!yen) throw new Error('no JPY demo product');
    expect(yen.currency).toBeNull();

    const { link } = await cc.invoke('links.create', {
      customer: { email: 'ana@example.com' },
      items: [{ product: yen.code }],
    });
    const relisted = await cc.invoke('products.sync', {});

    expect([link.currency, link.total]).toEqual(['JPY', yen.unitAmount / 100]);
    expect(relisted.find((p) => p.code === yen.code)).toMatchObject({
      currency: 'JPY',
      unitAmount: link.total,
    });
  });
});

describe('a catalogue read from a server that sends no paging headers', () => {
  const many = (count: number) =>
    Array.from({ length: count }, (_, i) => item(i + 1, `prod_${i + 1}`, '10.0'));

  it('keeps the products past a page that may have been cut short, until a whole list leaves them out', async () => {
    const cc = await consoleFor(
      await realAccount(
        [],
        [
          // Adding the account reads the catalogue too.
          { body: many(30) },
          { body: many(30) },
          // Capped at Quaderno's default page of 25, and nothing says more exist.
          { body: many(25) },
          // A list that says it is whole: products 21–30 are gone at Quaderno.
          { body: many(20), headers: { 'X-Pages-HasMore': 'false' } },
        ],
      ),
    );

    expect(await cc.invoke('products.sync', {})).toHaveLength(30);
    expect(await cc.invoke('products.sync', {})).toHaveLength(30);
    expect(await cc.invoke('products.sync', {})).toHaveLength(20);
  });

  it('keeps the products past a page that says more exist but gives no link to them', async () => {
    const cc = await consoleFor(
      await realAccount(
        [],
        [
          { body: many(30) },
          { body: many(30) },
          // More announced, nothing to follow: the list is not whole.
          { body: many(20), headers: { 'X-Pages-HasMore': 'true' } },
        ],
      ),
    );

    expect(await cc.invoke('products.sync', {})).toHaveLength(30);
    expect(await cc.invoke('products.sync', {})).toHaveLength(30);
  });

  it('names a product whose price it cannot read and stores the others', async () => {
    const cc = await consoleFor(
      await realAccount(
        [],
        [{ body: [item(1, 'prod_ebook', '21.0'), item(4, 'prod_odd', '1,5')] }],
      ),
    );

    const products = await cc.invoke('products.sync', {});

    expect(products.map((p) => p.code)).toEqual(['prod_ebook']);
    const log = (await cc.invoke('activity.list', { kind: 'log', limit: 20, offset: 0 })).items;
    expect(log.map((e) => e.message)).toContainEqual(expect.stringContaining('"prod_odd"'));
  });
});
