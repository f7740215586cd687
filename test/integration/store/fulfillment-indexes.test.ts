// The search index and the quarter-hour sales aggregates (schema 2) are kept by triggers:
// whatever writes a sale — receiver, sync, a delete — the desk's search and totals follow.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listFulfillments, salesChart, salesTotals } from '../../../main/sales';
import type { NewFulfillment, Store } from '../../../main/store';
import { addNamedAccount } from '../../support/named-accounts';
import { withRawDb } from '../../support/raw-db';
import { newFulfillment } from '../../support/sale-fixtures';
import { useTempDir } from '../../support/temp-dir';
import { openStoreWithAccount } from '../../support/test-store';

const tmp = useTempDir('cc-fulfilment-indexes-');
const NOW = new Date('2026-11-28T12:00:00.000Z');
let store: Store;
let accountId: number;

beforeEach(() => {
  ({ store, accountId } = openStoreWithAccount(tmp.file('console.db')));
});
afterEach(() => store.close());

function sale(sessionId: number, over: Partial<NewFulfillment> = {}): NewFulfillment {
  return newFulfillment({
    sessionId,
    customerEmail: `buyer${sessionId}@example.com`,
    customerName: `Buyer ${sessionId}`,
    products: [{ code: 'prod_unicorn', name: 'Unicorn' }],
    amount: 1500,
    receivedAt: '2026-11-28T10:00:00.000Z',
    ...over,
  });
}

/** Runs `sql` on a connection of the test's own: a write the store's repos did not make. */
const writeBehindTheRepos = (sql: string) => withRawDb(store.file, (db) => db.prepare(sql).run());

const search = (text: string, account = accountId) =>
  listFulfillments(store, account, { search: text, limit: 50, offset: 0 })
    .items.map((f) => f.sessionId)
    .sort();
const repoSearch = (text: string) =>
  store.fulfillments
    .list(accountId, { search: text, limit: 50, offset: 0 })
    .items.map((f) => f.sessionId)
    .sort();

describe('search over sales', () => {
  it('finds a fragment of an email, a name, a product or a transaction, case-insensitively', () => {
    const repo = store.fulfillments;
    repo.record(accountId, sale(11));
    repo.record(accountId, sale(12, { products: [{ code: 'prod_ebook', name: 'Ebook' }] }));
    repo.record(accountId, sale(13, { transactionId: 'pi_3Xyz' }));
    expect(search('UYER12@EXAM')).toEqual([12]);
    expect(search('buyer 11')).toEqual([11]);
    expect(search('unicorn')).toEqual([11, 13]);
    expect(search('3xyz')).toEqual([13]);
    expect(repoSearch('ebook')).toEqual([12]);
    expect(search('12')).toEqual([12]); // short text: scanned, plus the session id itself
    expect(search('"; DROP')).toEqual([]);
  });

  it('matches text too short for the index against product codes and names, not their JSON', () => {
    const repo = store.fulfillments;
    repo.record(
      accountId,
      sale(41, {
        customerEmail: 'bob@y.org',
        customerName: 'Bob',
        products: [{ code: 'EBOOK', name: 'Guide', quantity: 2, unitAmount: 500 }],
      }),
    );
    repo.record(
      accountId,
      sale(42, {
        customerEmail: 'ann@y.org',
        customerName: 'Ann',
        products: [{ code: 'prod_quilt', name: 'Quilt' }],
      }),
    );
    // Key names, JSON punctuation and numbers the index never holds find no sale, as 3+ letters.
    for (const text of ['co', 'na', 'am', 'ty', '"', ':', '{', '50']) {
      expect(search(text), text).toEqual([]);
    }
    expect(search('500')).toEqual([]);
    expect(search('gu')).toEqual([41]);
    expect(search('EB')).toEqual([41]);
    expect(search('q')).toEqual([42]);
    expect(search('_q')).toEqual([42]);
  });

  it('follows an enrich that changes the email, and forgets a deleted sale', () => {
    const repo = store.fulfillments;
    repo.record(accountId, sale(21, { customerEmail: 'old-address@example.com' }));
    repo.record(
      accountId,
      sale(21, { source: 'webhook', customerEmail: 'new-address@example.com' }),
    );
    expect(search('old-address')).toEqual([]);
    expect(search('new-address')).toEqual([21]);
    writeBehindTheRepos('DELETE FROM fulfillments WHERE session_id = 21');
    expect(search('new-address')).toEqual([]);
  });

  it("never shows another account's sales", () => {
    const other = addNamedAccount(store, 'other');
    store.fulfillments.record(other, sale(31));
    store.fulfillments.record(accountId, sale(32));
    expect(search('buyer3')).toEqual([32]);
    expect(search('buyer3', other)).toEqual([31]);
  });
});

describe('sales aggregates', () => {
  const w = { now: NOW, utcOffsetMinutes: 0 };

  it('count each sale once, follow amount and date changes, and drop deleted sales', () => {
    const repo = store.fulfillments;
    repo.record(accountId, sale(41));
    repo.record(accountId, sale(42, { receivedAt: '2026-11-20T10:00:00.000Z' }));
    repo.record(accountId, sale(41, { source: 'webhook' })); // enrich: still one sale
    expect(salesTotals(store, accountId, w).today).toEqual([
      { currency: 'EUR', amount: 1500, count: 1 },
    ]);
    expect(salesTotals(store, accountId, w).days30).toEqual([
      { currency: 'EUR', amount: 3000, count: 2 },
    ]);
    writeBehindTheRepos('UPDATE fulfillments SET amount = 900 WHERE session_id = 41');
    writeBehindTheRepos(
      "UPDATE fulfillments SET received_at = '2026-11-28T11:00:00.000Z' WHERE session_id = 42",
    );
    expect(salesTotals(store, accountId, w).today).toEqual([
      { currency: 'EUR', amount: 2400, count: 2 },
    ]);
    writeBehindTheRepos('DELETE FROM fulfillments WHERE session_id = 41');
    const chart = salesChart(store, accountId, w);
    expect(chart.days.at(-1)).toEqual({ date: '2026-11-28', amounts: { EUR: 1500 }, count: 1 });
    expect(chart.currencies).toEqual(['EUR']);
  });

  it('put a sale on its local day for offsets of a quarter hour', () => {
    // 23:50 UTC on the 27th is 05:35 on the 28th in Nepal (+5:45).
    store.fulfillments.record(accountId, sale(51, { receivedAt: '2026-11-27T23:50:00.000Z' }));
    const nepal = { now: NOW, utcOffsetMinutes: 345 };
    expect(salesChart(store, accountId, nepal).days.at(-1)?.count).toBe(1);
    expect(salesTotals(store, accountId, nepal).today).toHaveLength(1);
    expect(salesTotals(store, accountId, w).today).toEqual([]);
  });
});
