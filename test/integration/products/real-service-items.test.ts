// Adding an account and syncing its catalogue against answers shaped like the real Quaderno's
// (quaderno-ruby's recordings): a string authorization id, items without currency, kind or
// description, and one item the console cannot read.
import { afterEach, describe, expect, it } from 'vitest';
import { createConsole } from '../../../main/console';
import { createMemorySecrets } from '../../../main/secrets';
import type { ActivityItem, Product } from '../../../preload/contract';
import { useTempDir } from '../../support/temp-dir';
import { value } from '../links/helpers';
import { json, routes, startTinyServer, type TinyServer } from '../../unit/quaderno/tiny-server';

const tmp = useTempDir();
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

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
  items: [{ product: 'prod_other', quantity: 1, amount: 500.0, currency }],
  metadata: {},
});

async function realAccount(sessions: unknown[]): Promise<TinyServer> {
  const server = await startTinyServer([
    routes({
      '/api/ping': json(200, { status: 'OK' }),
      '/api/authorization': json(200, {
        identity: { id: '999', name: 'Sheldon Cooper', email: 'sc@example.com' },
      }),
      '/api/items': json(200, [
        item(1, 'prod_ebook', '21.0'),
        { id: 2, code: 'prod_broken', unit_cost: '5.0' },
        item(3, 'prod_course', '99.5'),
      ]),
      '/api/checkout/sessions': json(200, sessions),
    }),
  ]);
  cleanups.push(() => server.close());
  return server;
}

async function consoleFor(server: TinyServer) {
  const cc = await createConsole({
    dataDir: tmp.path,
    secrets: createMemorySecrets(),
    env: {},
    live: { autoStart: false },
  });
  cleanups.push(() => cc.close());
  value(await cc.call('accounts.add', { account: server.apiUrl, apiKey: 'sk_live_realaccount1' }));
  return cc;
}

describe('a real account whose items carry no currency', () => {
  it('lists them priced in the currency its sessions use, and names the unreadable one', async () => {
    const cc = await consoleFor(await realAccount([session(7, 'USD'), session(8, 'USD')]));

    const products = value<Product[]>(await cc.call('products.sync', {}));

    expect(products.map((p) => [p.code, p.unitAmount, p.currency, p.kind])).toEqual([
      ['prod_ebook', 2100, 'USD', 'one_off'],
      ['prod_course', 9950, 'USD', 'one_off'],
    ]);
    const log = value<{ items: ActivityItem[] }>(
      await cc.call('activity.list', { kind: 'log', limit: 20, offset: 0 }),
    ).items;
    expect(log.map((e) => e.message)).toContainEqual(expect.stringContaining('"2"'));
  });

  it('lists them with no currency yet when the account has no session at all', async () => {
    const cc = await consoleFor(await realAccount([]));

    const products = value<Product[]>(await cc.call('products.sync', {}));

    expect(products.map((p) => [p.code, p.unitAmount, p.currency])).toEqual([
      ['prod_ebook', 2100, null],
      ['prod_course', 9950, null],
    ]);
  });
});
