// A page of sales or links is read in two steps, the list's length and then its rows; past the
// middle the rows come from the oldest end at an offset the length gives. Another process (the
// CLI's `listen` or `sync` beside the app) can commit between the two: each page must still be
// the rows at its offsets of the list its total describes, never a mix of two moments.
import { describe, expect, it } from 'vitest';
import { createSessionsRepo } from '../../../main/store';
import { createFulfillmentQueries } from '../../../main/store/fulfillment-query';
import {
  insertSales,
  insertSessionsFor,
  manySales,
  saleAt,
  type GeneratedSale,
} from '../sales/generate';
import { useCleanups } from '../../support/cleanups';
import { commitAfterRead } from '../../support/commit-between-reads';
import { openRawDb, withRawDb, type RawDb } from '../../support/raw-db';
import { useTempDir } from '../../support/temp-dir';
import { useStoreWithAccount } from '../../support/test-store';

const tmp = useTempDir('cc-list-snapshot-');
const desk = useStoreWithAccount(tmp);
const cleanups = useCleanups();
const NOW = new Date('2026-11-28T12:00:00.000Z');
// Ten rows a minute apart; a newer one arrives by webhook, an older one is found by sync.
const SEEDED = 10;
const NEWER = saleAt(-1, NOW, 60_000);
const OLDER = saleAt(SEEDED, NOW, 60_000);

type Page = { items: Array<{ id: number }>; total: number };

interface List {
  name: string;
  table: 'fulfillments' | 'sessions';
  time: string;
  /** The statement that reads the list's length. */
  count: RegExp;
  insert: (db: RawDb, accountId: number, rows: Iterable<GeneratedSale>) => number;
  page: (db: RawDb, accountId: number, q: { offset: number; limit: number }) => Page;
}

const LISTS: List[] = [
  {
    name: 'sales',
    table: 'fulfillments',
    time: 'received_at',
    count: /fulfillment_counts/,
    insert: insertSales,
    page: (db, accountId, q) => createFulfillmentQueries(db).page(accountId, q),
  },
  {
    name: 'links',
    table: 'sessions',
    time: 'created_at',
    count: /session_counts/,
    insert: insertSessionsFor,
    page: (db, accountId, q) => createSessionsRepo(db).list(accountId, q),
  },
];

describe.each(LISTS)('a page of $name read while another process records one', (list) => {
  /** Seeds the ten rows; their ids, newest first. */
  const seed = (): number[] =>
    withRawDb(desk.store.file, (db) => {
      list.insert(db, desk.accountId, manySales(SEEDED, NOW, 60_000));
      return db
        .prepare(
          `SELECT id FROM ${list.table} WHERE account_id = ? ORDER BY ${list.time} DESC, id DESC`,
        )
        .pluck()
        .all(desk.accountId) as number[];
    });

  /** A second connection to the store's file, as another process reading the list holds. */
  const reader = (): RawDb => cleanups.closing(openRawDb(desk.store.file));

  it.each([
    // Offset 6 of 10 is read from the oldest end, at the mirrored offset 0.
    ['an older one is synced', OLDER, 6],
    ['a new one is recorded', NEWER, 0],
  ] as const)('holds the rows of the list it counted when %s in between', (_, arriving, offset) => {
    const before = seed();
    const db = reader();
    const hook = commitAfterRead(db, list.count, () =>
      withRawDb(desk.store.file, (w) => list.insert(w, desk.accountId, [arriving])),
    );
    const page = list.page(db, desk.accountId, { offset, limit: 4 });
    expect(hook.fired()).toBe(true);
    expect({ total: page.total, ids: page.items.map((s) => s.id) }).toEqual({
      total: SEEDED,
      ids: before.slice(offset, offset + 4),
    });
  });

  it('still reads a page inside a transaction the caller holds', () => {
    const before = seed();
    const db = reader();
    const page = db.transaction(() => list.page(db, desk.accountId, { offset: 6, limit: 4 }))();
    expect(page.items.map((s) => s.id)).toEqual(before.slice(6, 10));
    expect(db.inTransaction).toBe(false);
  });
});
