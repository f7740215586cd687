// The desk's "new" filter with a search that matches many sales (issue 16): the page and its
// bounded total are read from the new sales' own index, and must be the sales the rows say — newest
// first, ties by id, through and past the depth a page is read that way — whether the ids follow
// time or not, with another account's sales among the ids.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openStore, type Store } from '../../../main/store';
import { NEW_SALES_SEARCHED } from '../../../main/store/fulfillment-query';
import { saleInserter, saleAt, type GeneratedSale } from '../sales/generate';
import { addNamedAccount } from '../../support/named-accounts';
import { withRawDb } from '../../support/raw-db';
import { makeTempDir, type TempDir } from '../../support/temp-dir';

const NOW = new Date('2026-11-28T12:00:00.000Z');
const MINUTE = 60_000;
// Every second sale a Unicorn, two in three new: 3,000 new Unicorns, 4,500 hits in all (too many
// to fetch by key), more than a page read from the index may reach (2,000).
const COUNT = 9000;
const UNICORN = { code: 'prod_unicorn', name: 'Unicorn' };
const COURSE = { code: 'prod_course', name: 'Course' };
let store: Store;
let tmp: TempDir;
let shop: number;
let neighbour: number;
let shuffled: number;
let recent: number;

/** Sale i: seven sales share each minute, so pages and the walk's chunks end inside a tie. */
function sale(i: number): GeneratedSale {
  return {
    ...saleAt(i, NOW, MINUTE),
    product: i % 2 === 0 ? UNICORN : COURSE,
    status: i % 3 === 2 ? 'fulfilled' : 'new',
    receivedAt: new Date(NOW.getTime() - Math.floor(i / 7) * MINUTE).toISOString(),
  };
}

/**
 * A merchant's usual shape: the newest 3,000 sales new, every older one fulfilled, a Unicorn every
 * third sale: 3,000 hits, 1,000 of them new, dense at the newest ids.
 */
function recentSale(i: number): GeneratedSale {
  return {
    ...sale(i),
    product: i % 3 === 0 ? UNICORN : COURSE,
    status: i < 3000 ? 'new' : 'fulfilled',
  };
}

/** Oldest first, as the console records them, but every 40th sale swapped with the 7th after. */
function recordedOrder(): number[] {
  const order = Array.from({ length: COUNT }, (_, k) => COUNT - 1 - k);
  for (let k = 0; k + 7 < COUNT; k += 40) [order[k], order[k + 7]] = [order[k + 7]!, order[k]!];
  return order;
}

/** A fixed shuffle (ids that do not follow time at all). */
function shuffledOrder(): number[] {
  return Array.from({ length: COUNT }, (_, k) => (k * 7919) % COUNT);
}

// Seeded once: no test writes. The shop's and its neighbour's sales are recorded in turn, so each
// account's ids lie among the other's; the neighbour's Unicorns are all new and newer.
beforeAll(() => {
  tmp = makeTempDir('cc-new-sales-search-');
  store = openStore(tmp.file('db.sqlite'));
  shop = addNamedAccount(store, 'shop');
  neighbour = addNamedAccount(store, 'neighbour');
  shuffled = addNamedAccount(store, 'shuffled');
  recent = addNamedAccount(store, 'recent');
  withRawDb(store.file, (db) => {
    const insert = saleInserter(db);
    db.transaction(() => {
      for (const i of recordedOrder()) {
        insert(shop, sale(i), 'webhook', null);
        const later = new Date(NOW.getTime() + MINUTE).toISOString();
        insert(neighbour, { ...sale(i), status: 'new', receivedAt: later }, 'webhook', null);
      }
      for (const i of shuffledOrder()) insert(shuffled, sale(i), 'webhook', null);
      for (let i = COUNT - 1; i >= 0; i -= 1) insert(recent, recentSale(i), 'webhook', null);
    })();
  });
});
afterAll(() => {
  store.close();
  tmp.remove();
});

/** The account's new Unicorns as a plain ORDER BY over the rows gives them. */
const newUnicorns = (account: number): number[] =>
  withRawDb(store.file, (db) =>
    db
      .prepare(
        `SELECT id FROM fulfillments WHERE account_id = ? AND status = 'new'
           AND products_json LIKE '%Unicorn%' ORDER BY received_at DESC, id DESC`,
      )
      .pluck()
      .all(account),
  ) as number[];

const ids = (list: { items: { id: number }[] }) => list.items.map((s) => s.id);

/** A page as the desk asks for it, checked against the plain list: rows and bounded total. */
function expectPage(account: number, want: number[], offset: number, countAhead: number): void {
  const q = { status: 'new' as const, search: 'unicorn', limit: 100, offset, countAhead };
  const page = store.fulfillments.list(account, q);
  const bound = offset + 100 + countAhead;
  expect({ offset, countAhead, ids: ids(page), total: page.total }).toEqual({
    offset,
    countAhead,
    ids: want.slice(offset, offset + 100),
    total: Math.min(bound, want.length),
  });
  expect(page.totalIsLowerBound).toBe(want.length > bound ? true : undefined);
}

describe('new sales searched for a word in many of them', () => {
  it('are paged newest first, ties by id, through and past the depth read from the index', () => {
    const want = newUnicorns(shop);
    expect(want).toHaveLength(3000);
    for (const offset of [0, 100, 1000, 1850, 1900, 1950, 2000, 2900]) {
      for (const countAhead of [0, 200, 5000]) expectPage(shop, want, offset, countAhead);
    }
  });

  it('count exactly when the bound is their number, and at least the bound one short of it', () => {
    const want = newUnicorns(shop);
    expectPage(shop, want, 0, want.length - 100);
    expectPage(shop, want, 0, want.length - 101);
    expectPage(shop, want, 500, want.length - 600);
    expectPage(shop, want, 500, want.length - 601);
  });

  it('leave out another account’s sales whose ids lie among them', () => {
    const mine = newUnicorns(shop);
    const theirs = newUnicorns(neighbour);
    expect(theirs).toHaveLength(4500);
    for (const offset of [0, 1900]) {
      expectPage(shop, mine, offset, 5000);
      expectPage(neighbour, theirs, offset, 5000);
    }
  });

  it('are the same sales when the ids do not follow time at all', () => {
    const want = newUnicorns(shuffled);
    expect(want).toHaveLength(3000);
    for (const offset of [0, 1950]) {
      for (const countAhead of [0, 5000]) expectPage(shuffled, want, offset, countAhead);
    }
  });

  it('are the same sales when they are the newest and a third of them match', () => {
    const want = newUnicorns(recent);
    expect(want).toHaveLength(1000);
    for (const offset of [0, 900]) {
      for (const countAhead of [0, 200, 5000]) expectPage(recent, want, offset, countAhead);
    }
  });

  it('list without a bound the same sales with their exact number', () => {
    const want = newUnicorns(shop);
    const q = { status: 'new' as const, search: 'unicorn', limit: 100, offset: 1900 };
    const page = store.fulfillments.list(shop, q);
    expect({ ids: ids(page), total: page.total }).toEqual({
      ids: want.slice(1900, 2000),
      total: want.length,
    });
    expect(page.totalIsLowerBound).toBeUndefined();
  });
});

const planRows = z.array(z.object({ detail: z.string() }));

const plan = (sql: string, params: Record<string, unknown>): string =>
  withRawDb(store.file, (db) =>
    planRows
      .parse(db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params))
      .map((r) => r.detail)
      .join('\n'),
  );

describe('a search of the new sales', () => {
  it('walks their own index in the list’s order and fetches the page’s sales by key', () => {
    const cursor = { beforeAt: NOW.toISOString(), beforeId: 10 };
    const walk = plan(NEW_SALES_SEARCHED.walk, { accountId: shop, ...cursor, size: 100 });
    expect(walk).toMatch(/COVERING INDEX fulfillments_new\b/);
    expect(walk).not.toMatch(/TEMP B-TREE/);
    const byId = plan(NEW_SALES_SEARCHED.byId, { accountId: shop, ids: '[1, 2]' });
    expect(byId).toMatch(/SEARCH fulfillments USING INTEGER PRIMARY KEY/);
    expect(byId).not.toMatch(/fulfillments_received/);
  });
});
