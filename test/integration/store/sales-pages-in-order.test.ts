// Paging through a list of sales, searched or filtered, must give every sale once and in the
// order a plain ORDER BY gives, whichever way each page is read (the index's hits, the general
// path, or from the oldest end at the mirrored offset). Many sales share a time and ids do not
// follow time, so an order that breaks ties differently on one path shows up as a moved sale.
import { expect, it } from 'vitest';
import { insertSales, manySales } from '../sales/generate';
import { atTiedTimes, expectPagesInOrder, useSeededLists } from '../../support/pages-in-order';
import { withRawDb } from '../../support/raw-db';
import { seededRandom, shuffled } from '../../support/seeded-random';

const NOW = new Date('2026-11-28T12:00:00.000Z');
// Enough that 'Unicorn' (a third) has more hits than a search reads through its index.
const CHUNKS = 6;
const PER_CHUNK = 1200;

const lists = useSeededLists('cc-sales-pages-', (db, shop, other) => {
  const random = seededRandom(7);
  // 400 distinct minutes for 7,200 sales: many ties.
  const sales = atTiedTimes([...manySales(CHUNKS * PER_CHUNK + 3000, NOW, 0)], NOW, 400, random);
  // insertSales writes each batch oldest first: batches of shuffled times scatter ids.
  for (let chunk = 0; chunk < CHUNKS; chunk++) {
    const batch = sales.slice(chunk * PER_CHUNK, (chunk + 1) * PER_CHUNK);
    insertSales(db, shop, shuffled(batch, random));
  }
  insertSales(db, other, sales.slice(CHUNKS * PER_CHUNK));
});

interface Filter {
  search?: string;
  status?: 'new' | 'fulfilled';
  currency?: string;
}

/** The list's ids as a plain ORDER BY over the rows gives them. */
function plainOrder(f: Filter): number[] {
  return withRawDb(
    lists.store.file,
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
          account: lists.account,
          status: f.status ?? null,
          currency: f.currency ?? null,
          search: f.search ?? null,
        }) as number[],
  );
}

it.each<Filter>([
  { search: 'Unicorn' },
  { search: 'Unicorn', status: 'new' },
  { search: 'Unicorn', currency: 'EUR' },
  {},
  { status: 'fulfilled' },
])('pages through %o in the plain order, each sale once', (f) => {
  const expected = plainOrder(f);
  expect(expected.length).toBeGreaterThan(0);
  expectPagesInOrder(expected, (q) => lists.store.fulfillments.list(lists.account, { ...f, ...q }));
});
