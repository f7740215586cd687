// `bench sale-deliveries`: what the sales list's delivery states (review R12) cost the desk. Over
// SALES sales (100,000; BENCH_SALES=1000000 for the 1M case), each with one job of a rule: most
// done, 1 in 50 still trying, 1 in 200 stopped. The figures: the screen's first page, a search
// and the new-sales filter (each with its page's delivery states), the states read alone for a
// 200-row page, and the count to deliver, alternated over 3 rounds (median of each round).
// Standalone: node --import tsx test/bench/sale-deliveries.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createDeliveryStates } from '../../main/store/delivery-states';
import { insertSales, manySales } from '../integration/sales/generate';
import { openRawDb } from '../support/raw-db';
import { openStoreWithAccount } from '../support/test-store';
import { asScreen, time } from './history';
import { createReporter, type Report } from './report';

const SALES = Number(process.env.BENCH_SALES ?? 100_000);
const PAGE = 200;

export async function bench(report: Report): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-sale-deliveries-'));
  const { store, accountId } = openStoreWithAccount(join(dir, 'd.sqlite'), { name: 'bench' });
  const db = openRawDb(store.file);
  try {
    const now = new Date();
    let t0 = performance.now();
    insertSales(db, accountId, manySales(SALES, now, 60_000));
    report('sale_deliveries.generate_sales', performance.now() - t0, 'ms');
    t0 = performance.now();
    db.exec(`INSERT INTO delivery_jobs (account_id, sale_id, rule_id, rule_name, kind,
        idempotency_key, status, next_try_at, created_at, updated_at)
      SELECT account_id, id, 1, 'Ebook email', 'email', 'k' || id,
        CASE WHEN id % 200 = 0 THEN 'needs_attention' WHEN id % 50 = 0 THEN 'pending'
          ELSE 'done' END, 0, received_at, received_at
      FROM fulfillments`);
    // The done jobs' sales are fulfilled, as the worker leaves them.
    db.exec(`UPDATE fulfillments SET status = 'fulfilled', fulfilled_at = received_at
      WHERE id % 50 <> 0`);
    report('sale_deliveries.generate_jobs', performance.now() - t0, 'ms');

    const list = (q: object) => () =>
      store.fulfillments.list(accountId, asScreen({ limit: PAGE, offset: 0, ...q }));
    const ids = store.fulfillments
      .list(accountId, { limit: PAGE, offset: 0 })
      .items.map((f) => f.id);
    const reader = openRawDb(store.file);
    const states = createDeliveryStates(reader);
    // The count before review R12 (sales with a stopped job left out when another job retried),
    // for an A/B of the count's cost in the same run.
    const countBefore = reader.prepare(
      `SELECT (SELECT coalesce(sum(count), 0) FROM fulfillment_counts
               WHERE account_id = @accountId AND status = 'new')
         - (SELECT count(DISTINCT j.sale_id) FROM delivery_jobs j
            JOIN fulfillments f ON f.id = j.sale_id
            WHERE j.account_id = @accountId AND j.status = 'pending' AND f.status = 'new') AS n`,
    );
    const cases: Array<[string, () => unknown]> = [
      ['first_page_200', list({})],
      ['search_email', list({ search: 'buyer4242' })],
      ['filter_new', list({ status: 'new' })],
      ['states_alone_200', () => states(accountId, ids)],
      ['count_to_deliver', () => store.fulfillments.countNew(accountId)],
      ['count_to_deliver_before_r12', () => countBefore.get({ accountId })],
    ];
    const rounds = new Map<string, number[]>();
    for (let round = 0; round < 3; round += 1) {
      for (const [name, run] of cases)
        rounds.set(name, [...(rounds.get(name) ?? []), time(20, run)]);
    }
    for (const [name, values] of rounds) {
      const sorted = [...values].sort((a, b) => a - b);
      process.stdout.write(`rounds ${name}: ${values.map((v) => v.toFixed(3)).join(' / ')} ms\n`);
      report(
        `sale_deliveries.${name}`,
        sorted[1] ?? 0,
        'ms',
        name.startsWith('count') || name === 'states_alone_200' ? undefined : '< 20 ms',
      );
    }
    const shown = store.fulfillments.list(accountId, { limit: PAGE, offset: 0 }).items;
    process.stdout.write(
      `page states: ${shown.filter((f) => f.delivery === 'delivering').length} delivering, ` +
        `${shown.filter((f) => f.delivery === 'needs_attention').length} need attention; ` +
        `to deliver ${store.fulfillments.countNew(accountId)}\n`,
    );
    reader.close();
  } finally {
    db.close();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await bench(createReporter([]));
}
