// The fresh process behind `bench --scale 1m`'s start-up and export figures (history-1m.ts): it
// prints one JSON line. `open FILE`: how long opening the data file takes (migrations included).
// `export FILE ACCOUNT`: the full CSV of sales saved as `checkout-console export --out` saves it
// (streamed, written once at the chosen path, the heap kept near what is live), and how far the
// process's peak memory rose; `export-spooled FILE ACCOUNT`: saved as the app's save dialog saves
// it before it asked first (written to the export folder, then copied to the saver); `export-dialog
// FILE ACCOUNT`: saved through the app's save dialog now (the merchant picks the path first, the
// rows written there once). Both start with V8's default heap growth, as Electron's main does, and
// the export itself keeps the heap near what is live while it writes (sales/export-heap.ts);
// `export-string FILE ACCOUNT`: the same CSV built as one string (the same-run baseline: how
// exports worked before they streamed). `migrations FILE`: each pending migration applied and
// timed alone (`steps`), on a copy of the file, in this other process, opened here with its own
// pragmas rather than by openStore: each alone on a copy, not a breakdown of the upgrading open
// (they need not add up to it; one may exceed it).
import { readFileSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { writeFile } from 'node:fs/promises';
import { keepHeapNearLive } from '../../main/commands/listen-heap';
import { revealExports, saveThroughDialog } from '../../main/os';
import { exportCsv, saveExport } from '../../main/sales';
import { openStore } from '../../main/store';
import { migrate, readUserVersion } from '../../main/store/migrate';
import { migrations } from '../../main/store/migrations';

/** VmHWM, the process's peak resident memory so far, in MB. */
function peakRssMb(): number {
  const status = readFileSync('/proc/self/status', 'utf8');
  return Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1]) / 1024;
}

/** The app's saveFile (main/index.ts desktopFiles) over a dialog where the merchant picks `out`. */
function dialogSaver(
  out: string,
  write: (path: string, content: Iterable<string>) => Promise<unknown>,
) {
  const dialog = { showSaveDialog: async () => ({ canceled: false, filePath: out }) };
  const shell = { showItemInFolder: () => undefined };
  return revealExports(
    saveThroughDialog(
      dialog,
      () => '/downloads',
      async (path, content) => void (await write(path, content)),
    ),
    shell,
  ).saveFile;
}

/**
 * Each migration the file lacks, applied one at a time (as migrate() does), in ms by name: each
 * alone on a copy, not a breakdown of the upgrading open.
 */
function timeMigrations(path: string): Record<string, number> {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  const steps: Record<string, number> = {};
  for (const m of migrations.slice(readUserVersion(db))) {
    const t = performance.now();
    migrate(db, migrations.slice(0, m.version));
    steps[`${String(m.version).padStart(3, '0')}-${m.name}`] = performance.now() - t;
  }
  db.close();
  return steps;
}

const [mode, file, account] = process.argv.slice(2);
if (!file)
  throw new Error(
    'usage: history-1m-child.ts open|export|export-spooled|export-dialog|migrations FILE [ACCOUNT]',
  );
const t0 = performance.now();
if (mode === 'migrations') {
  const steps = timeMigrations(file);
  process.stdout.write(`${JSON.stringify({ ms: performance.now() - t0, steps })}\n`);
  process.exit(0);
}
const store = openStore(file);
if (mode === 'open') {
  process.stdout.write(`${JSON.stringify({ ms: performance.now() - t0 })}\n`);
} else {
  const before = process.memoryUsage().rss / 1024 / 1024;
  const t1 = performance.now();
  let rows: number;
  if (mode === 'export-string') {
    rows = exportCsv(store, Number(account), 'fulfillments', { now: new Date() }).rows;
  } else {
    const out = `${file}.export.csv`;
    const spooled = async (_name: string, content: Iterable<string>) => {
      await writeFile(out, content);
      return out;
    };
    if (mode === 'export') keepHeapNearLive();
    const saved = await saveExport(
      store,
      Number(account),
      { what: 'fulfillments', format: 'csv' },
      mode === 'export'
        ? Object.assign(spooled, { targetFor: async () => ({ path: out }) })
        : mode === 'export-dialog'
          ? dialogSaver(out, spooled)
          : spooled,
      new Date(),
    );
    rmSync(out, { force: true });
    rows = saved.rows;
  }
  const ms = performance.now() - t1;
  const rssGrowthMb = peakRssMb() - before;
  process.stdout.write(`${JSON.stringify({ ms, rssGrowthMb, rows })}\n`);
}
store.close();
