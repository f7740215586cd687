// The sales search answered from schema 5's per-account index (many hits): same pages and
// totals as the general path, accounts apart, and the general path taken whenever the
// newest-inserted hits are not the newest sales.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../../main/store';
import { insertSales, saleAt, type GeneratedSale } from '../sales/generate';
import { addNamedAccount } from '../../support/named-accounts';
import { openAtVersion } from '../../support/old-schema';
import { withRawDb } from '../../support/raw-db';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir('cc-sales-search-');
const NOW = new Date('2026-11-28T12:00:00.000Z');
const SPACING = 60_000;
let store: Store;

const addAccount = (name: string) => addNamedAccount(store, name);

const sales = (from: number, count: number): GeneratedSale[] =>
  Array.from({ length: count }, (_, k) => saleAt(from + k, NOW, SPACING));

const page = (accountId: number, search: string, offset: number, limit = 100) =>
  store.fulfillments.list(accountId, { search, limit, offset });

beforeEach(() => {
  store = openStore(tmp.file('db.sqlite'));
});
afterEach(() => store.close());

describe('searching sales with many hits', () => {
  it('pages newest first with the exact total, at every depth, for each account alone', () => {
    const a = addAccount('a');
    const b = addAccount('b');
    const mine = sales(0, 7500); // every third one is a Unicorn: 2,500 hits
    withRawDb(store.file, (db) => {
      insertSales(db, a, mine);
      insertSales(db, b, sales(0, 300)); // the same texts in another account
    });
    const unicorns = mine.filter((s) => s.product.name === 'Unicorn').map((s) => s.sessionId);
    expect(unicorns).toHaveLength(2500);
    for (const offset of [0, 100, 1900, 2400]) {
      const got = page(a, 'unicorn', offset);
      expect(got.total).toBe(2500);
      expect(got.items.map((f) => f.sessionId)).toEqual(unicorns.slice(offset, offset + 100));
    }
    expect(page(b, 'unicorn', 0).total).toBe(100);
  });

  it('takes the general path when a sale with a lower id is newer', () => {
    const a = addAccount('a');
    // Recorded first, yet the newest sale of all (a clock put right, say).
    const early = { ...saleAt(0, NOW, SPACING), receivedAt: '2026-11-28T13:00:00.000Z' };
    withRawDb(store.file, (db) => {
      insertSales(db, a, [early]);
      insertSales(db, a, sales(1, 7499));
    });
    const got = page(a, 'unicorn', 0);
    expect(got.total).toBe(2500);
    expect(got.items[0]?.sessionId).toBe(early.sessionId);
    const next = saleAt(3, NOW, SPACING).sessionId;
    expect(got.items[1]?.sessionId).toBe(next);
  });

  it('indexes the sales of a file written before the index was keyed by account', () => {
    const file = tmp.file('v4.db');
    const old = openAtVersion(file, 4);
    insertSales(old, 1, sales(0, 3000));
    old.close();
    store.close();
    store = openStore(file);
    expect(page(1, 'unicorn', 0).total).toBe(1000);
    expect(page(1, 'buyer2999@', 0).items.map((f) => f.sessionId)).toEqual([
      saleAt(2999, NOW, SPACING).sessionId,
    ]);
    const count = withRawDb(file, (db) =>
      db.prepare('SELECT count(*) FROM fulfillments_search').pluck().get(),
    );
    expect(count).toBe(3000);
  });
});
