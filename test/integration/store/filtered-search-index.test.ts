// A search with many hits and the desk's filters (issue 16): the page is read from the search
// index hit by hit, highest id first, and must hold the same sales as the rows themselves say —
// newest first, filters applied — or fall back to the general path when a kept sale with a lower
// id is newer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../../main/store';
import { insertSales, insertSessionsFor, saleAt, type GeneratedSale } from '../sales/generate';
import { addNamedAccount } from '../../support/named-accounts';
import { withRawDb } from '../../support/raw-db';
import { makeTempDir, type TempDir } from '../../support/temp-dir';

const NOW = new Date('2026-11-28T12:00:00.000Z');
const SPACING = 60_000;
const COUNT = 9000; // every third sale is a Unicorn: 3,000 hits, too many to fetch by key
let store: Store;
let tmp: TempDir;
let inOrder: number;
let clockPutRight: number;

// Oldest first, as the console records them: the highest ids are the newest sales. Every fifth
// in JPY, so that a currency keeps some of the Unicorns (saleAt sells them all in EUR).
const recorded = (from: number, count: number): GeneratedSale[] =>
  Array.from({ length: count }, (_, k) => {
    const i = from + count - 1 - k;
    const sale = saleAt(i, NOW, SPACING);
    return i % 5 === 0 ? { ...sale, currency: 'JPY' } : sale;
  });

// Recorded before all the others, yet newer than most of them; a new sale in JPY.
const late: GeneratedSale = {
  ...saleAt(COUNT, NOW, SPACING),
  status: 'new',
  currency: 'JPY',
  receivedAt: new Date(NOW.getTime() - 30.5 * SPACING).toISOString(),
};

type Filter = { status?: 'new' | 'fulfilled'; currency?: string; from?: string; to?: string };

/** What the page should hold, worked out from the generated sales rather than the store. */
function expected(rows: GeneratedSale[], f: Filter): number[] {
  return rows
    .filter((s) => s.product.name === 'Unicorn')
    .filter((s) => !f.status || s.status === f.status)
    .filter((s) => !f.currency || s.currency === f.currency)
    .filter((s) => !f.from || s.receivedAt >= f.from)
    .filter((s) => !f.to || s.receivedAt < f.to)
    .sort((a, b) => b.receivedAt.localeCompare(a.receivedAt))
    .map((s) => s.sessionId);
}

const FILTERS: Filter[] = [
  { status: 'new' },
  { status: 'fulfilled' },
  { currency: 'JPY' },
  { status: 'new', currency: 'EUR' },
  {
    from: new Date(NOW.getTime() - 6000 * SPACING).toISOString(),
    to: new Date(NOW.getTime() - 1000 * SPACING).toISOString(),
  },
];

beforeAll(() => {
  tmp = makeTempDir('cc-filtered-search-');
  store = openStore(tmp.file('db.sqlite'));
  inOrder = addNamedAccount(store, 'in order');
  clockPutRight = addNamedAccount(store, 'clock put right');
  withRawDb(store.file, (db) => {
    insertSales(db, inOrder, recorded(0, COUNT));
    insertSales(db, clockPutRight, [{ ...late, product: saleAt(0, NOW, SPACING).product }]);
    insertSales(db, clockPutRight, recorded(0, COUNT));
  });
});
afterAll(() => {
  store.close();
  tmp.remove();
});

const sessionIds = (list: { items: { sessionId: number }[] }) => list.items.map((f) => f.sessionId);

describe('a search with many hits and filters', () => {
  it('pages newest first with the filters applied, exact or bounded', () => {
    for (const f of FILTERS) {
      const want = expected(recorded(0, COUNT), f);
      for (const offset of [0, 100, 700]) {
        const q = { ...f, search: 'unicorn', limit: 100, offset };
        const exact = store.fulfillments.list(inOrder, q);
        expect(exact.total).toBe(want.length);
        expect(sessionIds(exact)).toEqual(want.slice(offset, offset + 100));
        const bounded = store.fulfillments.list(inOrder, { ...q, countAhead: 200 });
        expect(sessionIds(bounded)).toEqual(want.slice(offset, offset + 100));
        const bound = offset + 100 + 200;
        expect(bounded.total).toBe(Math.min(bound, want.length));
        expect(bounded.totalIsLowerBound).toBe(want.length > bound ? true : undefined);
      }
    }
  });

  it('still finds a kept sale with a lower id that is newer, and ignores one the filters drop', () => {
    const all = [{ ...late, product: saleAt(0, NOW, SPACING).product }, ...recorded(0, COUNT)];
    for (const f of [...FILTERS, { status: 'fulfilled' as const, currency: 'EUR' }]) {
      const want = expected(all, f);
      const got = store.fulfillments.list(clockPutRight, {
        ...f,
        search: 'unicorn',
        limit: 100,
        offset: 0,
        countAhead: 500,
      });
      expect(sessionIds(got)).toEqual(want.slice(0, 100));
    }
    const newJpy = store.fulfillments.list(clockPutRight, {
      status: 'new',
      currency: 'JPY',
      search: 'unicorn',
      limit: 100,
      offset: 0,
    });
    expect(newJpy.items.map((s) => s.sessionId)).toContain(late.sessionId);
  });
});

describe('a links search with many hits', () => {
  let rising: number;
  let falling: number;
  const MINUTE = 60_000;
  // Quaderno's ids rise with time; a list imported newest first has them fall.
  const risingIds = (s: GeneratedSale, i: number) => ({ ...s, sessionId: 5_000_000 - i });
  const linkSales = (count: number) =>
    Array.from({ length: count }, (_, i) => saleAt(i, NOW, MINUTE));
  // The 100th Unicorn's time, shared by a link with the highest id: it sorts before that one.
  const tied = { ...saleAt(297, NOW, MINUTE), sessionId: 9_000_000 };

  // The same store as the sales (seeded once, no test writes): two more accounts of links.
  beforeAll(() => {
    rising = addNamedAccount(store, 'rising');
    falling = addNamedAccount(store, 'falling');
    withRawDb(store.file, (db) => {
      insertSessionsFor(db, rising, linkSales(COUNT).map(risingIds).reverse());
      insertSessionsFor(db, falling, [...linkSales(COUNT), tied]);
    });
  });

  /** The Unicorn links, newest first, as plain SQL over the rows says. */
  const unicornLinks = (account: number, status: string | null) =>
    withRawDb(store.file, (db) =>
      db
        .prepare(
          `SELECT id FROM sessions WHERE account_id = ? AND (? IS NULL OR status = ?)
             AND items_json LIKE '%unicorn%' ORDER BY created_at DESC, id DESC`,
        )
        .pluck()
        .all(account, status, status),
    );

  it('pages newest first whichever way the ids run, with a status or without', () => {
    for (const account of [rising, falling]) {
      for (const status of [undefined, 'pending', 'completed'] as const) {
        const want = unicornLinks(account, status ?? null);
        for (const offset of [0, 300]) {
          const q = { search: 'unicorn', status, limit: 100, offset, countAhead: 1000 };
          const got = store.sessions.list(account, q);
          expect(got.items.map((l) => l.id)).toEqual(want.slice(offset, offset + 100));
          expect(got.total).toBe(Math.min(want.length, offset + 1100));
        }
      }
    }
  });

  it('puts a link as old as the page’s oldest but with a higher id before it', () => {
    const got = store.sessions.list(falling, { search: 'unicorn', limit: 100, offset: 0 });
    expect(got.items.at(-1)?.id).toBe(tied.sessionId);
    expect(got.items.map((l) => l.id)).toEqual(unicornLinks(falling, null).slice(0, 100));
  });
});
