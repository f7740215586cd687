// An export's heap policy (issue 16): the app's main process keeps V8's default heap growth, and
// an export promotes nearly every sale it writes and drops it soon after. While its rows are
// written the old generation stays near what is live, as `listen`'s does for good.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { bareEnv, runProcess } from '../../support/run-process';
import { useTempDir } from '../../support/temp-dir';
import { useStoreWithAccount } from '../../support/test-store';
import { seedSales } from './generate';

const repoRoot = resolve(import.meta.dirname, '../../..');
const tmp = useTempDir('cc-export-heap-');
const ledger = useStoreWithAccount(tmp);

const SALES = 6_000;

// A child process, since V8's flags are the whole process's. As in listen-heap.test: objects
// that stay (1,000,000, enough that the new space V8 adds to its limit counts little) and a ring
// of 100,000 recent ones, each replaced long after it was promoted; here the ring turns as the
// export writes its lines (1,000 replaced a line), the way its own sales are promoted and
// dropped. Then the same churn once the export is over.
const CHURN = `
import v8 from 'node:v8';
const { openStore } = await import(${JSON.stringify(`${repoRoot}/main/store/index.ts`)});
const { writeExportInTurns } = await import(${JSON.stringify(`${repoRoot}/main/sales/export.ts`)});
const old = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'old_space');
const kept = [];
for (let i = 0; i < 1_000_000; i++) kept.push({ id: i, name: 'sale ' + i, items: [i] });
const ring = new Array(100_000);
let turned = 0;
let most = 0;
const churn = (count, measured = true) => {
  for (let end = turned + count; turned < end; turned++) {
    ring[turned % ring.length] = { id: turned, body: 'delivery ' + turned, parts: [turned, turned + 1] };
    if (measured && turned % 5_000 === 0) most = Math.max(most, old().space_size);
  }
};
const store = openStore(process.env.LEDGER);
// The heap's limit when the export begins was set by the last full collection before it, so the
// first half of the lines only brings the next ones.
let lines = 0;
const sink = { write: () => churn(1_000, (lines += 1) > ${SALES / 2}) };
const [file] = await writeExportInTurns(store, Number(process.env.ACCOUNT), 'fulfillments', { now: new Date() }, () => sink);
store.close();
const during = most;
globalThis.gc();
const live = old().space_used_size;
most = 0;
churn(2_000_000);
process.stdout.write(JSON.stringify({ during, after: most, live, rows: file.rows, kept: kept.length }));
`;

const heapRun = z.object({
  during: z.number(),
  after: z.number(),
  live: z.number(),
  rows: z.number(),
});

async function exportUnderChurn() {
  seedSales(ledger.store.file, ledger.accountId, SALES, new Date('2026-06-30T12:00:00.000Z'));
  const args = ['--import', 'tsx', '--expose-gc', '--input-type=module', '-e', CHURN];
  const env = bareEnv(repoRoot, { LEDGER: ledger.store.file, ACCOUNT: String(ledger.accountId) });
  const run = await runProcess(process.execPath, args, { env });
  expect(run.stderr).toBe('');
  return heapRun.parse(JSON.parse(run.stdout));
}

describe('the heap an export keeps', () => {
  // A child process of ~20 s on a loaded machine: the bound is for that, never a figure.
  it(
    'stays under three times what is live while the rows are written, and grows as before after',
    { timeout: 120_000 },
    async () => {
      const { during, after, live, rows } = await exportUnderChurn();
      expect(rows).toBe(SALES);
      // Measured quiet: 2.07-2.22x with the hold, 5.0-5.2x without it (V8's default, as the
      // app's main has); 2,000 sales gave 1.9-2.0 against 2.15 and failed one CI run.
      expect(during / live).toBeLessThan(3);
      // V8's default is back for the rest of the process (the app's receiver): the same churn
      // grows the old generation further.
      expect(after).toBeGreaterThan(during);
    },
  );
});
