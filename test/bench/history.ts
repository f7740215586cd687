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
import { createFulfillmentsRepo, createSessionsRepo, openStore } from '../../main/store';
import {
  insertEventsFor,
  insertSales,
  insertSessionsFor,
  manySales,
} from '../integration/sales/generate';
import { createReporter, median, type Report } from './report';

const COUNT = 100_000;

function time(runs: number, fn: () => unknown): number {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  return median(samples);
}

export async function bench(report: Report): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-history-'));
  const store = openStore(join(dir, 'history.sqlite'));
  try {
    const accountId = store.accounts.add({
      name: 'bench',
      apiUrl: 'http://127.0.0.1:9/api/',
      kind: 'sandbox',
      email: null,
      identityId: null,
    }).id;
    const now = new Date();
    let t0 = performance.now();
    insertSales(store.db, accountId, manySales(COUNT, now, 60_000));
    report('history.generate_100k', performance.now() - t0, 'ms');

    const db = store.db;
    const w = { now, utcOffsetMinutes: 60 };
    // Baseline, same run and file: the cheapest read of a page — 100 raw rows off the date
    // index, no filters, no count, nothing mapped. The desk's figures are this plus their work.
    const bare = db.prepare(
      `SELECT * FROM fulfillments WHERE account_id = ? ORDER BY received_at DESC, id DESC LIMIT 100`,
    );
    report(
      'history.bare.page',
      time(20, () => bare.raw().all(accountId)),
      'ms',
    );
    report(
      'history.totals',
      time(20, () => salesTotals(store, accountId, w)),
      'ms',
      '< 50 ms',
    );
    report(
      'history.chart_30d',
      time(20, () => salesChart(store, accountId, w)),
      'ms',
      '< 50 ms',
    );
    const page = (q: Parameters<typeof listFulfillments>[2]) => () =>
      listFulfillments(store, accountId, q);
    report('history.first_page', time(20, page({ limit: 100, offset: 0 })), 'ms', '< 20 ms');
    report('history.page_at_50k', time(10, page({ limit: 100, offset: 50_000 })), 'ms');
    report(
      'history.search_email',
      time(10, page({ search: 'buyer4242', limit: 100, offset: 0 })),
      'ms',
      '< 20 ms',
    );
    report(
      'history.search_product',
      time(10, page({ search: 'unicorn', limit: 100, offset: 0 })),
      'ms',
      '< 20 ms',
    );
    report(
      'history.filter_new_jpy',
      time(10, page({ status: 'new', currency: 'JPY', limit: 100, offset: 0 })),
      'ms',
    );
    // What the Fulfilments screen itself calls (the receiver's repo behind fulfillments.list).
    const screen = createFulfillmentsRepo(db);
    report(
      'history.screen_first_page',
      time(20, () => screen.list(accountId, { limit: 100, offset: 0 })),
      'ms',
      '< 20 ms',
    );
    report(
      'history.screen_search_email',
      time(10, () => screen.list(accountId, { search: 'buyer4242', limit: 100, offset: 0 })),
      'ms',
      '< 20 ms',
    );
    report(
      'history.count_undelivered',
      time(20, () => countUndelivered(store, accountId)),
      'ms',
    );
    // The Links screen (links.list) over 100,000 sessions.
    t0 = performance.now();
    insertSessionsFor(db, accountId, manySales(COUNT, now, 60_000));
    report('history.generate_sessions_100k', performance.now() - t0, 'ms');
    const links = createSessionsRepo(db);
    report(
      'history.links_first_page',
      time(20, () => links.list(accountId, { limit: 100, offset: 0 })),
      'ms',
      '< 20 ms',
    );
    report(
      'history.links_search_email',
      time(10, () => links.list(accountId, { search: 'buyer4242', limit: 100, offset: 0 })),
      'ms',
      '< 20 ms',
    );
    report(
      'history.links_search_name',
      time(10, () => links.list(accountId, { search: 'Buyer 42', limit: 100, offset: 0 })),
      'ms',
    );
    t0 = performance.now();
    insertEventsFor(db, accountId, manySales(COUNT, now, 60_000));
    report('history.generate_events_and_log_100k', performance.now() - t0, 'ms');
    report(
      'history.activity_page_at_5k',
      time(10, () => listActivity(store, accountId, { limit: 100, offset: 5_000 })),
      'ms',
    );
    report(
      'history.activity_first_page',
      time(20, () => listActivity(store, accountId, { limit: 100, offset: 0 })),
      'ms',
    );
    t0 = performance.now();
    const csv = exportCsv(store, accountId, 'fulfillments', { now });
    report('history.export_csv_100k', performance.now() - t0, 'ms');
    report('history.export_csv_bytes', csv.content.length, 'bytes');
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await bench(createReporter([]));
}
