// Targets from the performance issue: history queries under 20 ms, totals and chart under 50 ms.
// `bench history …`: the desk's queries over 100,000 sales in a real SQLite file — what a
// merchant waits for when the screen opens, pages, searches, and exports. Figures only; the
// baseline is a bare SQLite read of one page from the same file in the same run.
// Standalone: node --import tsx test/bench/history.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  countUndelivered,
  exportCsv,
  listActivity,
  listFulfillments,
  salesChart,
  salesTotals,
} from '../../main/sales';
import {
  insertEventsFor,
  insertSales,
  insertSessionsFor,
  manySales,
} from '../integration/sales/generate';
import { openRawDb } from '../support/raw-db';
import { openStoreWithAccount } from '../support/test-store';
import { createReporter, median, type Report } from './report';

const COUNT = 100_000;

export function time(runs: number, fn: () => unknown): number {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  return median(samples);
}

/** A query timed as the median of `runs` calls, with the target where it sets one. */
export type Timed = [name: string, runs: number, query: () => unknown, target?: string];

type ListQuery = { search?: string; limit: number; offset: number };

/**
 * How far past its page a screen's searched list counts (renderer/src/fulfillments and links pass
 * this countAhead): the screens' figures ask for the same lower-bound totals.
 */
export const SCREEN_COUNT_AHEAD = 5000;

/** A screen's list query: countAhead as the screens pass it. */
export const asScreen = <Q extends object>(q: Q) => ({ ...q, countAhead: SCREEN_COUNT_AHEAD });

export function timeEach(report: Report, cases: Timed[]): void {
  for (const [name, runs, query, target] of cases) report(name, time(runs, query), 'ms', target);
}

/** A screen's list (figures named `prefix`_…): its first page and a search for one email. */
export const firstPageAndSearch = (prefix: string, list: (q: ListQuery) => unknown): Timed[] => [
  [`${prefix}_first_page`, 20, () => list({ limit: 100, offset: 0 }), '< 20 ms'],
  [
    `${prefix}_search_email`,
    10,
    () => list({ search: 'buyer4242', limit: 100, offset: 0 }),
    '< 20 ms',
  ],
];

export async function bench(report: Report): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-history-'));
  const { store, accountId } = openStoreWithAccount(join(dir, 'history.sqlite'), { name: 'bench' });
  // The bench's own connection writes the generated rows and reads the bare baseline; it commits
  // as durably as the store's connection (FULL), so the generate figures time the same commits.
  const db = openRawDb(store.file);
  db.pragma('synchronous = FULL');
  try {
    const now = new Date();
    let t0 = performance.now();
    insertSales(db, accountId, manySales(COUNT, now, 60_000));
    report('history.generate_100k', performance.now() - t0, 'ms');

    const w = { now, utcOffsetMinutes: 60 };
    // Baseline, same run and file: the cheapest read of a page — 100 raw rows off the date
    // index, no filters, no count, nothing mapped. The desk's figures are this plus their work.
    const bare = db.prepare(
      `SELECT * FROM fulfillments WHERE account_id = ? ORDER BY received_at DESC, id DESC LIMIT 100`,
    );
    const page = (q: Parameters<typeof listFulfillments>[2]) => () =>
      listFulfillments(store, accountId, q);
    // What the Fulfilments screen itself calls (the receiver's repo behind fulfillments.list).
    const screen = store.fulfillments;
    timeEach(report, [
      ['history.bare.page', 20, () => bare.raw().all(accountId)],
      ['history.totals', 20, () => salesTotals(store, accountId, w), '< 50 ms'],
      ['history.chart_30d', 20, () => salesChart(store, accountId, w), '< 50 ms'],
      ['history.first_page', 20, page({ limit: 100, offset: 0 }), '< 20 ms'],
      ['history.page_at_50k', 10, page({ limit: 100, offset: 50_000 })],
      ['history.search_email', 10, page({ search: 'buyer4242', limit: 100, offset: 0 }), '< 20 ms'],
      ['history.search_product', 10, page({ search: 'unicorn', limit: 100, offset: 0 }), '< 20 ms'],
      [
        'history.filter_new_jpy',
        10,
        page({ status: 'new', currency: 'JPY', limit: 100, offset: 0 }),
      ],
      ...firstPageAndSearch('history.screen', (q) => screen.list(accountId, asScreen(q))),
      [
        'history.screen_search_product',
        10,
        () => screen.list(accountId, asScreen({ search: 'unicorn', limit: 100, offset: 0 })),
        '< 20 ms',
      ],
      [
        'history.screen_filter_new_search',
        10,
        () =>
          screen.list(
            accountId,
            asScreen({ status: 'new', search: 'unicorn', limit: 100, offset: 0 }),
          ),
        '< 20 ms',
      ],
      [
        'history.screen_page_oldest',
        10,
        () => screen.list(accountId, asScreen({ limit: 100, offset: COUNT - 100 })),
        '< 200 ms',
      ],
      ['history.count_undelivered', 20, () => countUndelivered(store, accountId)],
    ]);
    // The Links screen (links.list) over 100,000 sessions.
    t0 = performance.now();
    insertSessionsFor(db, accountId, manySales(COUNT, now, 60_000));
    report('history.generate_sessions_100k', performance.now() - t0, 'ms');
    const links = store.sessions;
    timeEach(report, [
      ...firstPageAndSearch('history.links', (q) => links.list(accountId, asScreen(q))),
      [
        'history.links_search_name',
        10,
        () => links.list(accountId, asScreen({ search: 'Buyer 42', limit: 100, offset: 0 })),
      ],
      [
        'history.links_search_product',
        10,
        () => links.list(accountId, asScreen({ search: 'unicorn', limit: 100, offset: 0 })),
        '< 20 ms',
      ],
      [
        'history.links_page_oldest',
        10,
        () => links.list(accountId, asScreen({ limit: 100, offset: COUNT - 100 })),
        '< 200 ms',
      ],
    ]);
    t0 = performance.now();
    insertEventsFor(db, accountId, manySales(COUNT, now, 60_000));
    report('history.generate_events_and_log_100k', performance.now() - t0, 'ms');
    timeEach(report, [
      [
        'history.activity_page_at_5k',
        10,
        () => listActivity(store, accountId, { limit: 100, offset: 5_000 }),
      ],
      [
        'history.activity_first_page',
        20,
        () => listActivity(store, accountId, { limit: 100, offset: 0 }),
      ],
    ]);
    t0 = performance.now();
    const csv = exportCsv(store, accountId, 'fulfillments', { now });
    report('history.export_csv_100k', performance.now() - t0, 'ms');
    report('history.export_csv_bytes', csv.content.length, 'bytes');
  } finally {
    db.close();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await bench(createReporter([]));
}
