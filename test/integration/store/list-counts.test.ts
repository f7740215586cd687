// Schema 14 keeps how many sales and links each list holds, so an unsearched page does not count
// 1,000,000 rows. Whatever writes them (the repos, a raw delete, an account removed, an older
// file opened), each total must be what a count of the rows says; and a number in the search box
// finds the same rows through the index as it did by reading the table.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { listFulfillments } from '../../../main/sales';
import { fulfillmentSearch, openStore, type Store } from '../../../main/store';
import { migrate } from '../../../main/store/migrate';
import { migrations } from '../../../main/store/migrations';
import { insertSales, insertSessionsFor, manySales, saleAt } from '../sales/generate';
import { addNamedAccount } from '../../support/named-accounts';
import { withRawDb, type RawDb } from '../../support/raw-db';
import { useTempDir } from '../../support/temp-dir';
import { TEST_ACCOUNT, useStoreWithAccount } from '../../support/test-store';

const tmp = useTempDir('cc-list-counts-');
const desk = useStoreWithAccount(tmp);
const NOW = new Date('2026-11-28T12:00:00.000Z');

const FILTERS = [
  {},
  { status: 'new' },
  { status: 'fulfilled' },
  { currency: 'jpy' },
  { status: 'new', currency: 'EUR' },
] as const;

/** Each list's total beside a count of its rows on the file. */
function totalsAndCounts(store: Store, account: number) {
  return withRawDb(store.file, (db) =>
    FILTERS.map((f) => {
      const sql = `SELECT count(*) FROM fulfillments WHERE account_id = ?
        AND (? IS NULL OR status = ?) AND (? IS NULL OR currency = ?)`;
      const status = 'status' in f ? f.status : null;
      const currency = 'currency' in f ? f.currency.toUpperCase() : null;
      const counted = db.prepare(sql).pluck().get(account, status, status, currency, currency);
      const total = listFulfillments(store, account, { ...f, limit: 1, offset: 0 }).total;
      return { f, total, counted };
    }),
  );
}

function expectTotalsMatch(store: Store, account: number): void {
  for (const { f, total, counted } of totalsAndCounts(store, account)) {
    expect({ f, total }).toEqual({ f, total: counted });
  }
  for (const status of [undefined, 'pending', 'completed'] as const) {
    const total = store.sessions.list(account, { status, limit: 1, offset: 0 }).total;
    const counted = withRawDb(store.file, (db) =>
      db
        .prepare('SELECT count(*) FROM sessions WHERE account_id = ? AND (? IS NULL OR status = ?)')
        .pluck()
        .get(account, status ?? null, status ?? null),
    );
    expect({ status, total }).toEqual({ status, total: counted });
  }
}

const seed = (db: RawDb, account: number, count: number) => {
  insertSales(db, account, manySales(count, NOW, 60_000));
  insertSessionsFor(db, account, manySales(count, NOW, 60_000));
};

describe('list totals kept by schema 14', () => {
  it('follow new sales and links, status and currency changes, deletes and a removed account', () => {
    const { store, accountId } = desk;
    const other = addNamedAccount(store, 'other');
    withRawDb(store.file, (db) => {
      seed(db, accountId, 40);
      seed(db, other, 7);
    });
    expectTotalsMatch(store, accountId);
    const [newest] = listFulfillments(store, accountId, {
      status: 'new',
      limit: 1,
      offset: 0,
    }).items;
    store.fulfillments.markFulfilled(accountId, newest!.id);
    store.fulfillments.undo(accountId, newest!.id);
    store.fulfillments.markFulfilled(accountId, newest!.id);
    store.sessions.setStatus(accountId, saleAt(1, NOW, 60_000).sessionId, 'completed');
    withRawDb(store.file, (db) => {
      db.prepare(
        "UPDATE fulfillments SET currency = 'JPY' WHERE account_id = ? AND id % 5 = 0",
      ).run(accountId);
      db.prepare('DELETE FROM fulfillments WHERE account_id = ? AND id % 7 = 0').run(accountId);
      db.prepare('DELETE FROM sessions WHERE account_id = ? AND id % 3 = 0').run(accountId);
    });
    expectTotalsMatch(store, accountId);
    expectTotalsMatch(store, other);
    withRawDb(store.file, (db) => db.prepare('DELETE FROM accounts WHERE id = ?').run(other));
    expectTotalsMatch(store, other);
    expect(store.fulfillments.countNew(accountId)).toBe(
      totalsAndCounts(store, accountId)[1]!.counted,
    );
  });

  it('are counted when a file from schema 13 is opened', () => {
    const file = tmp.file('schema-13.db');
    const old = new Database(file);
    migrate(old, migrations.slice(0, 13));
    const id = Number(
      old
        .prepare(
          "INSERT INTO accounts (name, api_url, kind, created_at) VALUES (?, ?, ?, '2026-01-01') RETURNING id",
        )
        .pluck()
        .get(TEST_ACCOUNT.name, TEST_ACCOUNT.apiUrl, TEST_ACCOUNT.kind),
    );
    seed(old, id, 25);
    old.close();
    const store = openStore(file);
    try {
      expectTotalsMatch(store, id);
    } finally {
      store.close();
    }
  });
});

describe('a number in the search box', () => {
  it('finds the sale and the link of that session id, and text holding it, through the index', () => {
    const { store, accountId } = desk;
    withRawDb(store.file, (db) => seed(db, accountId, 30));
    const sessionId = saleAt(12, NOW, 60_000).sessionId;
    const sales = listFulfillments(store, accountId, {
      search: String(sessionId),
      limit: 50,
      offset: 0,
    });
    expect(sales.items.map((s) => s.sessionId)).toEqual([sessionId]);
    expect(sales.total).toBe(1);
    const links = store.sessions.list(accountId, {
      search: String(sessionId),
      limit: 50,
      offset: 0,
    });
    expect(links.items.map((l) => l.id)).toEqual([sessionId]);
    // "12" is too short for trigrams: buyer12's sale by its email, and no session id that short.
    const short = listFulfillments(store, accountId, { search: '12', limit: 50, offset: 0 });
    expect(short.items.map((s) => s.customerEmail)).toEqual(['buyer12@example.com']);
    const plan = withRawDb(store.file, (db) => {
      const clause = fulfillmentSearch(db, accountId, String(sessionId))!;
      const sql = `EXPLAIN QUERY PLAN SELECT id FROM fulfillments WHERE +account_id = @accountId AND ${clause.sql}`;
      return (db.prepare(sql).all({ ...clause.params, accountId }) as Array<{ detail: string }>)
        .map((r) => r.detail)
        .join('\n');
    });
    expect(plan).toMatch(
      /INDEX sqlite_autoindex_fulfillments_1 \(account_id=\? AND session_id=\?\)/,
    );
    expect(plan).not.toMatch(/SCAN fulfillments\b(?! USING)/);
  });
});
