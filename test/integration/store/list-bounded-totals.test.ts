// Lists at 1,000,000 rows (issue 16): a screen may ask a searched list to count only so far past
// its page (`countAhead`) and is told the total is a lower bound; and a page past the middle of a
// list is read from the oldest end. Either way the rows are the ones the plain query gives.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../../main/store';
import { insertSales, insertSessionsFor, saleAt, type GeneratedSale } from '../sales/generate';
import { addNamedAccount } from '../../support/named-accounts';
import { withRawDb } from '../../support/raw-db';
import { makeTempDir, type TempDir } from '../../support/temp-dir';

const NOW = new Date('2026-11-28T12:00:00.000Z');
const COUNT = 7500; // every third sale is a Unicorn: 2,500 hits
let store: Store;
let tmp: TempDir;
let account: number;

const sales = (count: number): GeneratedSale[] =>
  Array.from({ length: count }, (_, i) => saleAt(i, NOW, 60_000));

const sessionIds = (list: { items: { sessionId: number }[] }) => list.items.map((f) => f.sessionId);

// Seeded once: no test writes.
beforeAll(() => {
  tmp = makeTempDir('cc-bounded-totals-');
  store = openStore(tmp.file('db.sqlite'));
  account = addNamedAccount(store, 'a');
  withRawDb(store.file, (db) => {
    insertSales(db, account, sales(COUNT));
    insertSessionsFor(db, account, sales(COUNT));
  });
});
afterAll(() => {
  store.close();
  tmp.remove();
});

describe('a searched list asked to count ahead', () => {
  it('says at least how many sales match, with the same rows as the exact list', () => {
    const exact = store.fulfillments.list(account, { search: 'unicorn', limit: 100, offset: 0 });
    expect(exact).toMatchObject({ total: 2500 });
    expect(exact.totalIsLowerBound).toBeUndefined();
    const q = { search: 'unicorn', limit: 100, countAhead: 1000 };
    const first = store.fulfillments.list(account, { ...q, offset: 0 });
    expect(first).toMatchObject({ total: 1100, totalIsLowerBound: true });
    expect(sessionIds(first)).toEqual(sessionIds(exact));
    // Further on the bound moves with the page, until it passes the last hit: exact again.
    expect(store.fulfillments.list(account, { ...q, offset: 1000 })).toMatchObject({
      total: 2100,
      totalIsLowerBound: true,
    });
    const last = store.fulfillments.list(account, { ...q, offset: 2400 });
    expect(last.total).toBe(2500);
    expect(last.totalIsLowerBound).toBeUndefined();
  });

  it('bounds a search with filters too, and never a list without search', () => {
    const q = { search: 'unicorn', status: 'new' as const, limit: 10, offset: 0 };
    const exact = store.fulfillments.list(account, q);
    expect(exact.total).toBe(
      sales(COUNT).filter((s) => s.status === 'new' && s.product.name === 'Unicorn').length,
    );
    const bounded = store.fulfillments.list(account, { ...q, countAhead: 50 });
    expect(bounded).toMatchObject({ total: 60, totalIsLowerBound: true });
    expect(sessionIds(bounded)).toEqual(sessionIds(exact));
    const plain = store.fulfillments.list(account, { limit: 10, offset: 0, countAhead: 50 });
    expect(plain.total).toBe(COUNT);
    expect(plain.totalIsLowerBound).toBeUndefined();
  });

  it('says at least how many links match, with the same rows', () => {
    const q = { search: 'example.com', limit: 100, offset: 0 };
    const exact = store.sessions.list(account, q);
    expect(exact.total).toBe(COUNT);
    const bounded = store.sessions.list(account, { ...q, countAhead: 500 });
    expect(bounded).toMatchObject({ total: 600, totalIsLowerBound: true });
    expect(bounded.items.map((l) => l.id)).toEqual(exact.items.map((l) => l.id));
    const pending = store.sessions.list(account, { ...q, status: 'pending', countAhead: 500 });
    expect(pending).toMatchObject({ total: 600, totalIsLowerBound: true });
  });
});

describe('a page past the middle of a list', () => {
  // What the newest-first order gives, from the rows themselves rather than the store.
  const newestFirst = (rows: GeneratedSale[]) =>
    [...rows].sort((a, b) => b.receivedAt.localeCompare(a.receivedAt)).map((s) => s.sessionId);

  it('holds the same sales as reading from the newest end, down to a short last page', () => {
    const all = newestFirst(sales(COUNT));
    for (const offset of [3700, 3800, 7400, 7450, 7499, 7500]) {
      const got = store.fulfillments.list(account, { limit: 100, offset });
      expect(got.total).toBe(COUNT);
      expect(sessionIds(got)).toEqual(all.slice(offset, offset + 100));
    }
    const fresh = newestFirst(sales(COUNT).filter((s) => s.status === 'new'));
    const newOnes = store.fulfillments.list(account, { status: 'new', limit: 50, offset: 1860 });
    expect(sessionIds(newOnes)).toEqual(fresh.slice(1860, 1910));
    const from = new Date(NOW.getTime() - 5000 * 60_000).toISOString();
    const dated = newestFirst(sales(COUNT).filter((s) => s.receivedAt >= from));
    const week = store.fulfillments.list(account, { from, limit: 30, offset: 4990 });
    expect(sessionIds(week)).toEqual(dated.slice(4990, 5020));
  });

  it('holds the same links as reading from the newest end', () => {
    const all = store.sessions.list(account, { limit: 500, offset: 7000 }).items;
    const oldest = store.sessions.list(account, { limit: 100, offset: 7450 });
    expect(oldest.items.map((l) => l.id)).toEqual(all.slice(450).map((l) => l.id));
    const stamps = all.map((l) => `${l.createdAt} ${String(l.id).padStart(8, '0')}`);
    expect(stamps).toEqual([...stamps].sort().reverse());
    expect(all.at(-1)?.id).toBe(saleAt(COUNT - 1, NOW, 60_000).sessionId);
  });
});
