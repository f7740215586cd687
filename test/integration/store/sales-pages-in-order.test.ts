// Paging through a list of sales, searched or filtered, must give every sale once and in the
// order a plain ORDER BY gives, whichever way each page is read (the index's hits, the general
// path, or from the oldest end at the mirrored offset). Many sales share a time and ids do not
// follow time, so an order that breaks ties differently on one path shows up as a moved sale.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openStore, type Store } from '../../../main/store';
import { insertSales, saleAt, type GeneratedSale } from '../sales/generate';
import { addNamedAccount } from '../../support/named-accounts';
import { withRawDb } from '../../support/raw-db';
import { makeTempDir, type TempDir } from '../../support/temp-dir';
import { seededRandom, shuffled } from '../../support/seeded-random';

const NOW = new Date('2026-11-28T12:00:00.000Z');
// Enough that 'Unicorn' (a third) has more hits than a search reads through its index.
const CHUNKS = 6;
const PER_CHUNK = 1200;

let store: Store;
let tmp: TempDir;
let account: number;

beforeAll(() => {
  tmp = makeTempDir('cc-sales-pages-');
  store = openStore(tmp.file('console.db'));
  const other = addNamedAccount(store, 'other');
  account = addNamedAccount(store, 'shop');
  const random = seededRandom(7);
  // 400 distinct minutes for 7,200 sales: many ties.
  const sales = (n: number, from: number): GeneratedSale[] =>
    Array.from({ length: n }, (_, i) => ({
      ...saleAt(from + i, NOW, 0),
      receivedAt: new Date(NOW.getTime() - Math.floor(random() * 400) * 60_000).toISOString(),
    }));
  withRawDb(store.file, (db) => {
    // insertSales writes each batch oldest first: batches of shuffled times scatter ids.
    for (let chunk = 0; chunk < CHUNKS; chunk++) {
      insertSales(db, account, shuffled(sales(PER_CHUNK, chunk * PER_CHUNK), random));
    }
    insertSales(db, other, sales(3000, 100_000));
  });
});

afterAll(() => {
  store.close();
  tmp.remove();
});

interface Filter {
  search?: string;
  status?: 'new' | 'fulfilled';
  currency?: string;
}

/** The list's ids as a plain ORDER BY over the rows gives them. */
function plainOrder(f: Filter): number[] {
  return withRawDb(
    store.file,
    (db) =>
      db
        .prepare(
          `SELECT id FROM fulfillments WHERE account_id = @account
           AND (@status IS NULL OR status = @status) AND (@currency IS NULL OR currency = @currency)
           AND (@search IS NULL OR products_json LIKE '%' || @search || '%'
             OR customer_email LIKE '%' || @search || '%')
         ORDER BY received_at DESC, id DESC`,
        )
        .pluck()
        .all({
          account,
          status: f.status ?? null,
          currency: f.currency ?? null,
          search: f.search ?? null,
        }) as number[],
  );
}

// Page sizes that do not divide the index's depth, one with a bounded count.
const PAGINGS = [{ limit: 97 }, { limit: 200, countAhead: 50 }];

it.each<Filter>([
  { search: 'Unicorn' },
  { search: 'Unicorn', status: 'new' },
  { search: 'Unicorn', currency: 'EUR' },
  {},
  { status: 'fulfilled' },
])('pages through %o in the plain order, each sale once', (f) => {
  const expected = plainOrder(f);
  expect(expected.length).toBeGreaterThan(0);
  for (const paging of PAGINGS) {
    const seen: number[] = [];
    for (let offset = 0; offset < expected.length + paging.limit; offset += paging.limit) {
      const page = store.fulfillments.list(account, { ...f, ...paging, offset });
      seen.push(...page.items.map((s) => s.id));
      if (!page.totalIsLowerBound) expect(page.total).toBe(expected.length);
    }
    expect(seen).toEqual(expected);
  }
});
