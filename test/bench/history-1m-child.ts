// The fresh process behind `bench --scale 1m`'s start-up and export figures (history-1m.ts): it
// prints one JSON line. `open FILE`: how long opening the data file takes (migrations included).
// `export FILE ACCOUNT`: the full CSV of sales, and how far the process's peak memory rose.
import { readFileSync } from 'node:fs';
import { exportCsv } from '../../main/sales';
import { openStore } from '../../main/store';

/** VmHWM, the process's peak resident memory so far, in MB. */
function peakRssMb(): number {
  const status = readFileSync('/proc/self/status', 'utf8');
  return Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1]) / 1024;
}

const [mode, file, account] = process.argv.slice(2);
if (!file) throw new Error('usage: history-1m-child.ts open|export FILE [ACCOUNT]');
const t0 = performance.now();
const store = openStore(file);
if (mode === 'open') {
  process.stdout.write(`${JSON.stringify({ ms: performance.now() - t0 })}\n`);
} else {
  const before = process.memoryUsage().rss / 1024 / 1024;
  const t1 = performance.now();
  const csv = exportCsv(store, Number(account), 'fulfillments', { now: new Date() });
  const ms = performance.now() - t1;
  const rssGrowthMb = peakRssMb() - before;
  process.stdout.write(`${JSON.stringify({ ms, rssGrowthMb, rows: csv.rows })}\n`);
}
store.close();
