// A page of sales or links is read in two steps, the list's length and then its rows; past the
// middle the rows come from the oldest end at an offset the length gives. Another process (the
// CLI's `listen` or `sync` beside the app) can commit between the two: each page must still be
// the rows at its offsets of the list its total describes, never a mix of two moments.
import { describe, expect, it } from 'vitest';
import { createSessionsRepo } from '../../../main/store';
import { createFulfillmentQueries } from '../../../main/store/fulfillment-query';
import { insertSales, insertSessionsFor, manySales, saleAt } from '../sales/generate';
import { useCleanups } from '../../support/cleanups';
import { commitAfterRead } from '../../support/commit-between-reads';
import { openRawDb, withRawDb, type RawDb } from '../../support/raw-db';
import { useTempDir } from '../../support/temp-dir';
import { useStoreWithAccount } from '../../support/test-store';

const tmp = useTempDir('cc-list-snapshot-');
const desk = useStoreWithAccount(tmp);
const cleanups = useCleanups();
const NOW = new Date('2026-11-28T12:00:00.000Z');
// Ten sales a minute apart; a newer one arrives by webhook, an older one is found by sync.
const SEEDED = 10;
const NEWER = saleAt(-1, NOW, 60_000);
const OLDER = saleAt(SEEDED, NOW, 60_000);

/** A second connection to the store's file, as another process reading the list would hold. */
function reader(): RawDb {
  return cleanups.closing(openRawDb(desk.store.file));
}

function ids(db: RawDb, table: 'fulfillments' | 'sessions', time: string): number[] {
  return db
    .prepare(`SELECT id FROM ${table} WHERE account_id = ? ORDER BY ${time} DESC, id DESC`)
    .pluck()
    .all(desk.accountId) as number[];
}

describe('a page of sales read while another process records one', () => {
  /** Seeds the ten sales; their ids, newest first. */
  const seed = () =>
    withRawDb(desk.store.file, (db) => {
      insertSales(db, desk.accountId, manySales(SEEDED, NOW, 60_000));
      return ids(db, 'fulfillments', 'received_at');
    });
  const pageWhileWriting = (arriving: typeof NEWER, q: { offset: number; limit: number }) => {
    const file = desk.store.file;
    const before = seed();
    const db = reader();
    const hook = commitAfterRead(db, /fulfillment_counts/, () =>
      withRawDb(file, (w) => insertSales(w, desk.accountId, [arriving])),
    );
    const page = createFulfillmentQueries(db).page(desk.accountId, q);
    expect(hook.fired()).toBe(true);
    return { page, before };
  };

  it('holds the rows of the list it counted when an older sale is synced in between', () => {
    // Offset 6 of 10 is read from the oldest end, at the mirrored offset 0.
    const { page, before } = pageWhileWriting(OLDER, { offset: 6, limit: 4 });
    expect({ total: page.total, ids: page.items.map((s) => s.id) }).toEqual({
      total: SEEDED,
      ids: before.slice(6, 10),
    });
  });

  it('holds the rows of the list it counted when a new sale arrives in between', () => {
    const { page, before } = pageWhileWriting(NEWER, { offset: 0, limit: 4 });
    expect({ total: page.total, ids: page.items.map((s) => s.id) }).toEqual({
      total: SEEDED,
      ids: before.slice(0, 4),
    });
  });

  it('still reads a page inside a transaction the caller holds', () => {
    const before = seed();
    const db = reader();
    const queries = createFulfillmentQueries(db);
    const page = db.transaction(() => queries.page(desk.accountId, { offset: 6, limit: 4 }))();
    expect(page.items.map((s) => s.id)).toEqual(before.slice(6, 10));
    expect(db.inTransaction).toBe(false);
  });
});

describe('a page of links read while another process records one', () => {
  const pageWhileWriting = (arriving: typeof NEWER, q: { offset: number; limit: number }) => {
    const file = desk.store.file;
    const before = withRawDb(file, (db) => {
      insertSessionsFor(db, desk.accountId, manySales(SEEDED, NOW, 60_000));
      return ids(db, 'sessions', 'created_at');
    });
    const db = reader();
    const hook = commitAfterRead(db, /session_counts/, () =>
      withRawDb(file, (w) => insertSessionsFor(w, desk.accountId, [arriving])),
    );
    const page = createSessionsRepo(db).list(desk.accountId, q);
    expect(hook.fired()).toBe(true);
    return { page, before };
  };

  it('holds the rows of the list it counted when an older link is synced in between', () => {
    const { page, before } = pageWhileWriting(OLDER, { offset: 6, limit: 4 });
    expect({ total: page.total, ids: page.items.map((s) => s.id) }).toEqual({
      total: SEEDED,
      ids: before.slice(6, 10),
    });
  });

  it('holds the rows of the list it counted when a new link is made in between', () => {
    const { page, before } = pageWhileWriting(NEWER, { offset: 0, limit: 4 });
    expect({ total: page.total, ids: page.items.map((s) => s.id) }).toEqual({
      total: SEEDED,
      ids: before.slice(0, 4),
    });
  });
});
