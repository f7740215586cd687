// Schema 15 keeps an index of the new sales only (issue 16: the file's size at 1,000,000 sales).
// The status and currency filters must still list the same sales in the same order, at the
// edges too (no sale, one, sales sharing a time, a filter nothing passes), and the new sales must
// still be read newest first through an index rather than by sorting the account's sales.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openStore } from '../../../main/store';
import { newestPage, type FulfillmentFilter } from '../../../main/store/fulfillment-query';
import { insertSales, saleAt, type GeneratedSale } from '../sales/generate';
import { openAtVersion } from '../../support/old-schema';
import { withRawDb, type RawDb } from '../../support/raw-db';
import { useTempDir } from '../../support/temp-dir';
import { openStoreWithAccount } from '../../support/test-store';

const tmp = useTempDir('cc-sales-filter-indexes-');
const NOW = new Date('2026-11-28T12:00:00.000Z');

type Filter = Omit<FulfillmentFilter, 'search'>;

const FILTERS: Filter[] = [
  { status: 'new' },
  { status: 'fulfilled' },
  { currency: 'jpy' },
  { currency: 'EUR' },
  { status: 'new', currency: 'USD' },
  { status: 'fulfilled', currency: 'JPY' },
  { status: 'new', from: '2026-11-28T11:00:00.000Z', to: '2026-11-28T11:58:00.000Z' },
  { status: 'fulfilled', from: '2026-11-28T11:00:00.000Z', to: '2026-11-28T11:58:00.000Z' },
  { status: 'fulfilled', currency: 'EUR', from: '2026-11-28T11:20:00.000Z' },
];

/** The filter's sale ids as a plain ORDER BY over the rows gives them. */
function plainOrder(db: RawDb, account: number, f: Filter): number[] {
  return db
    .prepare(
      `SELECT id FROM fulfillments WHERE account_id = @account
         AND (@status IS NULL OR status = @status) AND (@currency IS NULL OR currency = @currency)
         AND (@from IS NULL OR received_at >= @from) AND (@to IS NULL OR received_at < @to)
       ORDER BY received_at DESC, id DESC`,
    )
    .pluck()
    .all({
      account,
      status: f.status ?? null,
      currency: f.currency?.toUpperCase() ?? null,
      from: f.from ?? null,
      to: f.to ?? null,
    }) as number[];
}

/** Every filter's list, page by page (pages of 2: the tail is read from the oldest end). */
function expectListsInPlainOrder(file: string, account: number): void {
  const store = openStore(file);
  try {
    for (const f of FILTERS) {
      const expected = withRawDb(file, (db) => plainOrder(db, account, f));
      const seen: number[] = [];
      for (let offset = 0; offset < expected.length + 2; offset += 2) {
        const page = store.fulfillments.list(account, { ...f, limit: 2, offset });
        expect({ f, total: page.total }).toEqual({ f, total: expected.length });
        seen.push(...page.items.map((s) => s.id));
      }
      expect({ f, seen }).toEqual({ f, seen: expected });
    }
  } finally {
    store.close();
  }
}

/** Sales 0 to count - 1 as saleAt makes them (a minute apart from NOW), with `over`'s changes. */
function sales(count: number, over: (s: GeneratedSale, i: number) => Partial<GeneratedSale>) {
  return Array.from({ length: count }, (_, i) => {
    const s = saleAt(i, NOW, 60_000);
    return { ...s, ...over(s, i) };
  });
}

function seeded(rows: GeneratedSale[]): { file: string; account: number } {
  const file = tmp.file(`console-${rows.length}-${Math.random().toString(36).slice(2)}.db`);
  const { store, accountId } = openStoreWithAccount(file);
  store.close();
  withRawDb(file, (db) => insertSales(db, accountId, rows));
  return { file, account: accountId };
}

describe('the status and currency filters', () => {
  it('list nothing from an empty ledger', () => {
    const { file, account } = seeded([]);
    expectListsInPlainOrder(file, account);
  });

  it('list the one sale that passes, and nothing for the others', () => {
    const { file, account } = seeded(sales(1, () => ({ status: 'new', currency: 'USD' })));
    expectListsInPlainOrder(file, account);
  });

  it('list no fulfilled sale from a ledger where every sale is new', () => {
    const { file, account } = seeded(sales(30, () => ({ status: 'new' })));
    expectListsInPlainOrder(file, account);
  });

  it('order sales sharing one time by id, newest first, whichever index reads them', () => {
    // insertSales writes oldest first; the same time for all leaves the ids to break the ties.
    const tied = sales(40, (s) => ({
      sessionId: s.sessionId + 1000,
      receivedAt: '2026-11-28T11:30:00.000Z',
    }));
    const { file, account } = seeded([...tied, ...sales(25, () => ({}))]);
    expectListsInPlainOrder(file, account);
  });
});

const planRows = z.array(z.object({ detail: z.string() }));

describe('the new sales', () => {
  function plan(file: string, account: number, f: Filter): string {
    return withRawDb(file, (db) => {
      const { sql, params } = newestPage(db, account, f);
      const rows = planRows.parse(
        db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all({ ...params, limit: 100, offset: 0 }),
      );
      return rows.map((r) => r.detail).join('\n');
    });
  }

  it('are read newest first through their own index, the fulfilled ones through the dates', () => {
    const { file, account } = seeded(sales(50, () => ({})));
    const fresh = plan(file, account, { status: 'new' });
    expect(fresh).toMatch(/INDEX fulfillments_new\b/);
    expect(fresh).not.toMatch(/TEMP B-TREE/);
    // Through either of its filters' indexes, but never sorted.
    const newInYen = plan(file, account, { status: 'new', currency: 'JPY' });
    expect(newInYen).toMatch(/INDEX fulfillments_(new|currency)\b/);
    expect(newInYen).not.toMatch(/TEMP B-TREE/);
    const fulfilled = plan(file, account, { status: 'fulfilled' });
    expect(fulfilled).toMatch(/INDEX fulfillments_received\b/);
    expect(fulfilled).not.toMatch(/TEMP B-TREE/);
  });

  it('of a file an older console wrote are indexed when it is opened, and listed as before', () => {
    const file = tmp.file('older.db');
    const old = openAtVersion(file, 14);
    insertSales(
      old,
      1,
      sales(60, (_, i) => (i % 7 === 0 ? { receivedAt: NOW.toISOString() } : {})),
    );
    old.close();
    openStore(file).close();
    const indexes = withRawDb(
      file,
      (db) =>
        db
          .prepare(
            "SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'fulfillments'",
          )
          .pluck()
          .all() as string[],
    );
    expect(indexes).toContain('fulfillments_new');
    expect(indexes).not.toContain('fulfillments_status');
    expectListsInPlainOrder(file, 1);
  });
});
