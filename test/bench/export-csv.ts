// The full sales CSV over 100,000 sales as the receiver leaves them (each webhook sale with its
// event's iat and contact country, every fifth a sync sale whose country is the link's), run in
// a fresh process so peak RSS is the export's: node --import tsx test/bench/export-csv.ts
// seed FILE, then export FILE (prints time, peak RSS growth and the file's sha256, so two
// versions of the code can be compared on the same ledger).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { exportCsv } from '../../main/sales';
import { openStore } from '../../main/store';
import { insertSales, insertSessionsFor, manySales } from '../integration/sales/generate';
import { withRawDb } from '../support/raw-db';
import { openStoreWithAccount } from '../support/test-store';

const COUNT = 100_000;
const NEWEST = new Date('2026-11-30T12:00:00.000Z');

/** VmHWM, the process's peak resident memory so far, in MB. */
function peakRssMb(): number {
  const status = readFileSync('/proc/self/status', 'utf8');
  return Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1]) / 1024;
}

function seed(file: string): void {
  const { store, accountId } = openStoreWithAccount(file, { name: 'bench' });
  store.close();
  withRawDb(file, (db) => {
    insertSales(db, accountId, manySales(COUNT, NEWEST, 60_000));
    insertSessionsFor(db, accountId, manySales(COUNT, NEWEST, 60_000));
    const event = db.prepare(
      `INSERT INTO webhook_events (account_id, received_at, body, body_sha256, headers_json,
         event_type, session_id, business_key, verification, processed_at)
       VALUES (?, ?, ?, ?, '{}', 'checkout.succeeded', ?, ?, 'valid', ?)`,
    );
    const link = db.prepare(
      'UPDATE fulfillments SET event_id = ? WHERE account_id = ? AND session_id = ?',
    );
    db.transaction(() => {
      let i = 0;
      for (const s of manySales(COUNT, NEWEST, 60_000)) {
        i += 1;
        if (i % 5 === 0) continue; // a sale only sync saw
        const iat = Math.floor(Date.parse(s.receivedAt) / 1000) - (i % 90);
        const body = JSON.stringify({
          event_type: 'checkout.succeeded',
          data: {
            object: {
              transaction_details: { session: s.sessionId, iat, tax_rate: 21 },
              contact: { first_name: s.name, country: ['ES', 'de', 'FR'][i % 3] },
            },
          },
        });
        const { lastInsertRowid } = event.run(
          accountId,
          s.receivedAt,
          body,
          `sha-${s.sessionId}`,
          s.sessionId,
          `checkout.succeeded:session:${s.sessionId}`,
          s.receivedAt,
        );
        link.run(lastInsertRowid, accountId, s.sessionId);
      }
      db.prepare("UPDATE fulfillments SET source = 'sync' WHERE event_id IS NULL").run();
      db.prepare(`UPDATE sessions SET customer_country = 'IT' WHERE id % 2 = 0`).run();
    })();
  });
}

const [mode, file] = process.argv.slice(2);
if (!file || (mode !== 'seed' && mode !== 'export')) {
  throw new Error('usage: export-csv.ts seed|export FILE');
}
if (mode === 'seed') {
  seed(file);
} else {
  const store = openStore(file);
  const before = process.memoryUsage().rss / 1024 / 1024;
  const t0 = performance.now();
  const csv = exportCsv(store, 1, 'fulfillments', { now: NEWEST });
  const ms = Math.round(performance.now() - t0);
  const rssGrowthMb = Math.round(peakRssMb() - before);
  const sha256 = createHash('sha256').update(csv.content).digest('hex');
  process.stdout.write(
    `${JSON.stringify({ figure: 'export.csv_100k', ms, rssGrowthMb, rows: csv.rows, bytes: csv.content.length, sha256 })}\n`,
  );
  store.close();
}
