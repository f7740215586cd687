// Paging through the Links list, searched or filtered, must give every link once and in the
// order a plain ORDER BY gives, whichever way each page is read (the index's hits, the general
// path, or from the oldest end at the mirrored offset). Many links share a time and ids are
// random, so an order that breaks ties differently on one path shows up as a moved link.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { SessionStatus } from '../../../preload/contract-links';
import { openStore, type Store } from '../../../main/store';
import { insertSessionsFor, saleAt, type GeneratedSale } from '../sales/generate';
import { addNamedAccount } from '../../support/named-accounts';
import { withRawDb } from '../../support/raw-db';
import { seededRandom } from '../../support/seeded-random';
import { makeTempDir, type TempDir } from '../../support/temp-dir';

const NOW = new Date('2026-11-28T12:00:00.000Z');

let store: Store;
let tmp: TempDir;
let account: number;

beforeAll(() => {
  tmp = makeTempDir('cc-links-pages-');
  store = openStore(tmp.file('console.db'));
  const other = addNamedAccount(store, 'other');
  account = addNamedAccount(store, 'shop');
  const random = seededRandom(11);
  // 300 distinct minutes for 7,000 links (many ties), ids as Quaderno might hand them out.
  const links = (n: number, from: number): GeneratedSale[] =>
    Array.from({ length: n }, (_, i) => ({
      ...saleAt(from + i, NOW, 0),
      sessionId: 1 + Math.floor(random() * 1e9),
      receivedAt: new Date(NOW.getTime() - Math.floor(random() * 300) * 60_000).toISOString(),
    }));
  withRawDb(store.file, (db) => {
    insertSessionsFor(db, account, links(7000, 0));
    insertSessionsFor(db, other, links(2500, 50_000));
  });
});

afterAll(() => {
  store.close();
  tmp.remove();
});

interface Filter {
  search?: string;
  status?: SessionStatus;
}

/** The list's ids as a plain ORDER BY over the rows gives them. */
function plainOrder(f: Filter): number[] {
  return withRawDb(
    store.file,
    (db) =>
      db
        .prepare(
          `SELECT id FROM sessions WHERE account_id = @account
           AND (@status IS NULL OR status = @status)
           AND (@search IS NULL OR items_json LIKE '%' || @search || '%')
         ORDER BY created_at DESC, id DESC`,
        )
        .pluck()
        .all({ account, status: f.status ?? null, search: f.search ?? null }) as number[],
  );
}

// Page sizes that do not divide the index's depth, one with a bounded count.
const PAGINGS = [{ limit: 97 }, { limit: 200, countAhead: 50 }];

it.each<Filter>([
  { search: 'Unicorn' },
  { search: 'Unicorn', status: 'pending' },
  {},
  { status: 'pending' },
])('pages through the links %o in the plain order, each link once', (f) => {
  const expected = plainOrder(f);
  expect(expected.length).toBeGreaterThan(0);
  for (const paging of PAGINGS) {
    const seen: number[] = [];
    for (let offset = 0; offset < expected.length + paging.limit; offset += paging.limit) {
      const page = store.sessions.list(account, { ...f, ...paging, offset });
      seen.push(...page.items.map((s) => s.id));
      if (!page.totalIsLowerBound) expect(page.total).toBe(expected.length);
    }
    expect(seen).toEqual(expected);
  }
});
