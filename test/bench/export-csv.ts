// The sales export over a ledger as the receiver leaves it (each webhook sale with its event's iat
// and contact country, every fifth a sync sale whose country is the link's). Each export runs in
// a fresh process so peak RSS is the export's:
//   node --import tsx test/bench/export-csv.ts seed FILE [COUNT]
//   node --import tsx test/bench/export-csv.ts stream|string FILE [FORMAT]
//   node --import tsx test/bench/export-csv.ts during FILE
// `stream` saves through saveExport as the app and CLI do (files written as rows are read);
// `string` builds every file in memory (exportFiles, what the export did before issue 16), the
// same-run baseline. Both print time, peak RSS growth and the files' sha256, so two versions of
// the code can be compared on the same ledger. `during` posts a signed webhook to a receiver on
// the same store every 50 ms, first alone (the same-run baseline), then while the csv is saved,
// and prints how long each waited for its answer: an export must not stop the receiver.
// `bench --scale 1m` runs every format over 1,000,000 sales (bench below).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { exportFormats, type ExportFormat } from '../../preload/contract';
import { receiverToken, signWebhook, startReceiver } from '../../main/receiver';
import { exportFiles, saveExport } from '../../main/sales';
import { openStore } from '../../main/store';
import { insertSales, insertSessionsFor, manySales } from '../integration/sales/generate';
import { withRawDb } from '../support/raw-db';
import { openStoreWithAccount } from '../support/test-store';
import type { Report } from './report';

const NEWEST = new Date('2026-11-30T12:00:00.000Z');

/** VmHWM, the process's peak resident memory so far, in MB. */
function peakRssMb(): number {
  const status = readFileSync('/proc/self/status', 'utf8');
  return Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1]) / 1024;
}

function seed(file: string, count: number): void {
  const { store, accountId } = openStoreWithAccount(file, { name: 'bench' });
  store.close();
  withRawDb(file, (db) => {
    insertSales(db, accountId, manySales(count, NEWEST, 60_000));
    insertSessionsFor(db, accountId, manySales(count, NEWEST, 60_000));
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
      for (const s of manySales(count, NEWEST, 60_000)) {
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

const isFormat = (f: string): f is ExportFormat => (exportFormats as readonly string[]).includes(f);

/** A bank statement holds one currency: the ledger's EUR sales. */
const filterFor = (format: ExportFormat) => (format.startsWith('csv') ? {} : { currency: 'EUR' });

async function runExport(how: 'stream' | 'string', file: string, format: ExportFormat) {
  const store = openStore(file);
  const hash = createHash('sha256');
  const before = process.memoryUsage().rss / 1024 / 1024;
  const t0 = performance.now();
  let rows = 0;
  let files = 0;
  if (how === 'string') {
    for (const f of exportFiles(store, 1, 'fulfillments', {
      now: NEWEST,
      format,
      filter: filterFor(format),
    })) {
      hash.update(f.content);
      rows += f.rows;
      files += 1;
    }
  } else {
    const result = await saveExport(
      store,
      1,
      { what: 'fulfillments', format, filter: filterFor(format) },
      async (_name, content) => {
        for (const chunk of content) hash.update(chunk);
        files += 1;
        return '-';
      },
      NEWEST,
    );
    rows = result.rows;
  }
  const ms = Math.round(performance.now() - t0);
  const rssGrowthMb = Math.round(peakRssMb() - before);
  store.close();
  return { how, format, ms, rssGrowthMb, rows, files, sha256: hash.digest('hex') };
}

const PACE_MS = 50;

/** Answer times of webhooks posted every PACE_MS until `done` settles (the last one after). */
async function answerTimes(url: string, authKey: string, done: Promise<unknown>) {
  let finished = false;
  void done.finally(() => (finished = true));
  const times: number[] = [];
  while (!finished) {
    const session = 5_000_000 + Math.floor(Math.random() * 1e9);
    const body = JSON.stringify({
      event_type: 'checkout.succeeded',
      data: { object: { transaction_details: { session, amount_cents: 1500, currency: 'EUR' } } },
    });
    const t0 = performance.now();
    const answer = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-quaderno-signature': signWebhook(authKey, url, body),
      },
      body,
    });
    await answer.arrayBuffer();
    if (answer.status !== 200) throw new Error(`The receiver answered ${answer.status}.`);
    times.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, PACE_MS));
  }
  return times;
}

const summary = (times: number[]) => {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => Math.round(sorted[Math.floor(q * (sorted.length - 1))] ?? 0);
  return { answers: sorted.length, medianMs: at(0.5), maxMs: at(1) };
};

/** Webhook answer times alone, then during a csv export, against one store in one process. */
async function duringExport(file: string) {
  const store = openStore(file);
  const token = receiverToken();
  const authKey = 'aB3dE5gH7jK9mN1pQ3sT5v';
  let url = '';
  const receiver = await startReceiver({
    store,
    route: (t) =>
      t === token ? { accountId: 1, signingTargets: async () => [{ url, authKey }] } : null,
  });
  url = receiver.localUrl(token);
  try {
    const alone = await answerTimes(url, authKey, new Promise((r) => setTimeout(r, 2000)));
    let finished = (): void => undefined;
    const during = answerTimes(url, authKey, new Promise<void>((r) => (finished = r)));
    // The first webhook is on its way when the export begins: an export that never gives the
    // event loop a turn keeps it waiting to the end. The client shares this process, as the
    // receiver's turns are what is measured, so its own turns wait for the export's as well.
    const t0 = performance.now();
    const exporting = saveExport(
      store,
      1,
      { what: 'fulfillments' },
      async (_name, content) => {
        for (const chunk of content) void chunk;
        return '-';
      },
      NEWEST,
    ).finally(finished);
    const { rows } = await exporting;
    const exportMs = Math.round(performance.now() - t0);
    return { rows, exportMs, alone: summary(alone), during: summary(await during) };
  } finally {
    await receiver.close();
    store.close();
  }
}

const childOut = z.object({ ms: z.number(), rssGrowthMb: z.number(), sha256: z.string() });
const answers = z.object({ answers: z.number(), medianMs: z.number(), maxMs: z.number() });
const duringOut = z.object({
  rows: z.number(),
  exportMs: z.number(),
  alone: answers,
  during: answers,
});

/** This script in a fresh Node process; its last line of output. */
function inFreshProcess(args: string[]): string {
  const script = fileURLToPath(import.meta.url);
  const run = spawnSync(process.execPath, ['--import', 'tsx', script, ...args], {
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`export-csv.ts ${args.join(' ')}: ${run.stderr}`);
  return run.stdout.trim().split('\n').at(-1) ?? '';
}

const exported = (args: string[]) => childOut.parse(JSON.parse(inFreshProcess(args)));

/** `bench --scale 1m`: every format streamed over 1,000,000 sales; csv also built as a string. */
export async function bench(report: Report): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'cc-export-1m-'));
  try {
    const file = join(dir, 'ledger.sqlite');
    inFreshProcess(['seed', file, '1000000']);
    const baseline = exported(['string', file, 'csv']);
    report('export1m.csv_string_rss_growth', baseline.rssGrowthMb, 'MB');
    report('export1m.csv_string', baseline.ms, 'ms');
    for (const format of exportFormats) {
      const streamed = exported(['stream', file, format]);
      if (format === 'csv' && streamed.sha256 !== baseline.sha256) {
        throw new Error('The streamed CSV differs from the one built in memory.');
      }
      report(`export1m.${format}_rss_growth`, streamed.rssGrowthMb, 'MB', '< 100 MB');
      report(`export1m.${format}`, streamed.ms, 'ms');
    }
    // The receiver on the same store, alone (baseline) and while the csv is saved.
    const { alone, during } = duringOut.parse(JSON.parse(inFreshProcess(['during', file])));
    report('export1m.webhook_answer_alone_median', alone.medianMs, 'ms');
    report('export1m.webhook_answer_alone_max', alone.maxMs, 'ms');
    report('export1m.webhook_answer_during_export_median', during.medianMs, 'ms');
    report('export1m.webhook_answer_during_export_max', during.maxMs, 'ms');
    report('export1m.webhook_answers_during_export', during.answers, 'answers');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [mode, file, arg] = process.argv.slice(2);
  if (!file)
    throw new Error(
      'usage: export-csv.ts seed FILE [COUNT] | stream|string FILE [FORMAT] | during FILE',
    );
  if (mode === 'seed') {
    seed(file, Number(arg ?? 100_000));
  } else if (mode === 'during') {
    writeFileSync(1, `${JSON.stringify(await duringExport(file))}\n`);
  } else if (mode === 'stream' || mode === 'string') {
    const format = arg ?? 'csv';
    if (!isFormat(format)) throw new Error(`Unknown format ${format}.`);
    const figures = await runExport(mode, file, format);
    writeFileSync(1, `${JSON.stringify(figures)}\n`);
  } else {
    throw new Error(`Unknown mode ${String(mode)}.`);
  }
}
