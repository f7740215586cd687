// The desk's queries on a real SQLite file holding 100,000 sales: totals, chart, search,
// paging, and query plans that stay on the indexes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listFulfillments, salesChart, salesTotals } from '../../../main/sales';
import type { Store } from '../../../main/store';
import { addNamedAccount } from '../../support/named-accounts';
import { withRawDb } from '../../support/raw-db';
import { makeTempDir, type TempDir } from '../../support/temp-dir';
import { openStoreWithAccount } from '../../support/test-store';
import { insertSales, manySales, saleAt, type GeneratedSale } from './generate';

const COUNT = 100_000;
const NOW = new Date('2026-11-28T12:00:00.000Z');
const SPACING = 60_000; // one sale a minute: 100,000 sales reach back about 69 days

let dir: TempDir;
let store: Store;
let accountId: number;
let otherAccountId: number;
const all: GeneratedSale[] = [];

beforeAll(() => {
  dir = makeTempDir();
  ({ store, accountId } = openStoreWithAccount(dir.file('desk.sqlite'), { name: 'Desk' }));
  otherAccountId = addNamedAccount(store, 'other');
  for (const s of manySales(COUNT, NOW, SPACING)) all.push(s);
  withRawDb(store.file, (db) => {
    insertSales(db, accountId, all);
    // Another account's sales must never leak into this one's figures.
    insertSales(db, otherAccountId, [saleAt(0, NOW, SPACING), saleAt(1, NOW, SPACING)]);
  });
}, 120_000);

afterAll(() => {
  store.close();
  dir.remove();
});

function expectedTotals(fromIso: string) {
  const map = new Map<string, { amount: number; count: number }>();
  for (const s of all) {
    if (s.receivedAt < fromIso) continue;
    const t = map.get(s.currency) ?? { amount: 0, count: 0 };
    t.amount += s.amount;
    t.count += 1;
    map.set(s.currency, t);
  }
  return Object.fromEntries(map);
}

function asMap(list: Array<{ currency: string; amount: number; count: number }>) {
  return Object.fromEntries(list.map((t) => [t.currency, { amount: t.amount, count: t.count }]));
}

describe('sales totals over 100,000 sales', () => {
  it('sums today, the last 7 days and the last 30 days per currency (UTC)', () => {
    const totals = salesTotals(store, accountId, { now: NOW, utcOffsetMinutes: 0 });
    expect(totals.todayFrom).toBe('2026-11-28T00:00:00.000Z');
    expect(asMap(totals.today)).toEqual(expectedTotals('2026-11-28T00:00:00.000Z'));
    expect(asMap(totals.days7)).toEqual(expectedTotals('2026-11-22T00:00:00.000Z'));
    expect(asMap(totals.days30)).toEqual(expectedTotals('2026-10-30T00:00:00.000Z'));
    expect(totals.today.map((t) => t.currency).sort()).toEqual(['EUR', 'JPY', 'USD']);
  });

  it('starts "today" at the merchant\'s local midnight', () => {
    const totals = salesTotals(store, accountId, { now: NOW, utcOffsetMinutes: 60 });
    expect(totals.todayFrom).toBe('2026-11-27T23:00:00.000Z');
    expect(asMap(totals.today)).toEqual(expectedTotals('2026-11-27T23:00:00.000Z'));
  });

  it('reports nothing for an account without sales in the period', () => {
    const later = new Date('2027-06-01T00:00:00.000Z');
    const totals = salesTotals(store, accountId, { now: later, utcOffsetMinutes: 0 });
    expect(totals).toMatchObject({ today: [], days7: [], days30: [] });
  });
});

describe('sales chart', () => {
  it("has 30 local days, oldest first, with each day's revenue per currency", () => {
    const chart = salesChart(store, accountId, { now: NOW, utcOffsetMinutes: 0 });
    expect(chart.days).toHaveLength(30);
    expect(chart.days[0]?.date).toBe('2026-10-30');
    expect(chart.days[29]?.date).toBe('2026-11-28');
    expect([...chart.currencies].sort()).toEqual(['EUR', 'JPY', 'USD']);
    for (const day of [chart.days[0], chart.days[17], chart.days[29]]) {
      const sales = all.filter((s) => s.receivedAt.slice(0, 10) === day?.date);
      const eur = sales.filter((s) => s.currency === 'EUR').reduce((a, s) => a + s.amount, 0);
      expect(day?.amounts.EUR).toBe(eur);
      expect(day?.count).toBe(sales.length);
    }
  });

  it('groups sales by the local calendar day, not the UTC one', () => {
    // 2026-11-28T00:30Z is still the 27th at UTC-1.
    const chart = salesChart(store, accountId, { now: NOW, utcOffsetMinutes: -60 });
    expect(chart.days[29]?.date).toBe('2026-11-28');
    const localToday = all.filter((s) => s.receivedAt >= '2026-11-28T01:00:00.000Z');
    expect(chart.days[29]?.count).toBe(localToday.length);
  });
});

describe('search and paging', () => {
  it('pages newest first with the right total', () => {
    const page = listFulfillments(store, accountId, { limit: 50, offset: 100 });
    expect(page.total).toBe(COUNT);
    expect(page.items.map((f) => f.sessionId)).toEqual(all.slice(100, 150).map((s) => s.sessionId));
  });

  it('finds a customer by part of the email', () => {
    const page = listFulfillments(store, accountId, {
      search: 'buyer12345@',
      limit: 10,
      offset: 0,
    });
    expect(page.total).toBe(1);
    expect(page.items[0]).toMatchObject({
      customerEmail: 'buyer12345@example.com',
      customerName: 'Buyer 12345',
    });
  });

  it('finds sales by product name and by session id', () => {
    const unicorns = listFulfillments(store, accountId, {
      search: 'unicorn',
      limit: 5,
      offset: 0,
    });
    expect(unicorns.total).toBe(all.filter((s) => s.product.name === 'Unicorn').length);
    const bySession = listFulfillments(store, accountId, {
      search: String(all[777]?.sessionId),
      limit: 5,
      offset: 0,
    });
    expect(bySession.items.map((f) => f.sessionId)).toContain(all[777]?.sessionId);
  });

  it('takes % and _ in a search literally', () => {
    const page = listFulfillments(store, accountId, { search: '%_', limit: 5, offset: 0 });
    expect(page.total).toBe(0);
  });

  it('combines status, currency and date filters', () => {
    const from = '2026-11-20T00:00:00.000Z';
    const to = '2026-11-21T00:00:00.000Z';
    const page = listFulfillments(store, accountId, {
      status: 'new',
      currency: 'jpy',
      from,
      to,
      limit: 500,
      offset: 0,
    });
    const expected = all.filter(
      (s) =>
        s.status === 'new' && s.currency === 'JPY' && s.receivedAt >= from && s.receivedAt < to,
    );
    expect(page.total).toBe(expected.length);
    expect(page.items.every((f) => f.currency === 'JPY' && f.status === 'new')).toBe(true);
  });
});

describe('query plans', () => {
  function plan(sql: string, params: Record<string, unknown>): string {
    // The plan SQLite makes for this file's schema and indexes, whichever connection asks.
    const rows = withRawDb(store.file, (db) =>
      db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params),
    ) as Array<{ detail: string }>;
    return rows.map((r) => r.detail).join('\n');
  }

  it('reads the totals range through an index instead of scanning the table', () => {
    const detail = plan(
      `SELECT currency, total(amount) FROM fulfillments WHERE account_id = :a AND received_at >= :m GROUP BY currency`,
      { a: accountId, m: '2026-10-30T00:00:00.000Z' },
    );
    expect(detail).toMatch(/USING (COVERING )?INDEX fulfillments_(received|currency)/);
  });

  it('pages the newest sales through the received index without sorting 100,000 rows', () => {
    const detail = plan(
      `SELECT id FROM fulfillments WHERE account_id = :a ORDER BY received_at DESC, id DESC LIMIT 50`,
      { a: accountId },
    );
    expect(detail).toMatch(/INDEX fulfillments_received/);
    expect(detail).not.toMatch(/TEMP B-TREE/);
  });
});
