// Paging through the Links list, searched or filtered, must give every link once and in the
// order a plain ORDER BY gives, whichever way each page is read (the index's hits, the general
// path, or from the oldest end at the mirrored offset). Many links share a time and ids are
// random, so an order that breaks ties differently on one path shows up as a moved link.
import { expect, it } from 'vitest';
import type { SessionStatus } from '../../../preload/contract-links';
import { insertSessionsFor, manySales } from '../sales/generate';
import { atTiedTimes, expectPagesInOrder, useSeededLists } from '../../support/pages-in-order';
import { withRawDb } from '../../support/raw-db';
import { seededRandom } from '../../support/seeded-random';

const NOW = new Date('2026-11-28T12:00:00.000Z');

const lists = useSeededLists('cc-links-pages-', (db, shop, other) => {
  const random = seededRandom(11);
  // 300 distinct minutes for 7,000 links (many ties), ids as Quaderno might hand them out.
  const links = atTiedTimes([...manySales(9500, NOW, 0)], NOW, 300, random).map((s) => ({
    ...s,
    sessionId: 1 + Math.floor(random() * 1e9),
  }));
  insertSessionsFor(db, shop, links.slice(0, 7000));
  insertSessionsFor(db, other, links.slice(7000));
});

interface Filter {
  search?: string;
  status?: SessionStatus;
}

/** The list's ids as a plain ORDER BY over the rows gives them. */
function plainOrder(f: Filter): number[] {
  return withRawDb(
    lists.store.file,
    (db) =>
      db
        .prepare(
          `SELECT id FROM sessions WHERE account_id = @account
           AND (@status IS NULL OR status = @status)
           AND (@search IS NULL OR items_json LIKE '%' || @search || '%')
         ORDER BY created_at DESC, id DESC`,
        )
        .pluck()
        .all({
          account: lists.account,
          status: f.status ?? null,
          search: f.search ?? null,
        }) as number[],
  );
}

it.each<Filter>([
  { search: 'Unicorn' },
  { search: 'Unicorn', status: 'pending' },
  {},
  { status: 'pending' },
])('pages through the links %o in the plain order, each link once', (f) => {
  const expected = plainOrder(f);
  expect(expected.length).toBeGreaterThan(0);
  expectPagesInOrder(expected, (q) => lists.store.sessions.list(lists.account, { ...f, ...q }));
});
