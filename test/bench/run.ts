// `npm run bench`: runs every benchmark in turn on this machine and prints its figures.
// Each compares against a baseline measured in the same run, because machines are noisy.
// Usage: node --import tsx test/bench/run.ts [name ...] | --scale 1m
// `--scale 1m` runs only the large cases (history over 1,000,000 sales and links: a few minutes
// of seeding), which the everyday run leaves out to stay under 10 minutes.
import { parseArgs } from 'node:util';
import { writeFileSync } from 'node:fs';
import { createReporter, meetsTarget, type Figure, type Report } from './report';

type Bench = (report: Report) => Promise<void>;

const benches: Record<string, () => Promise<Bench>> = {
  ingest: async () => (await import('./ingest')).bench,
  senders: async () => (await import('./senders')).bench,
  link: async () => (await import('./link')).bench,
  history: async () => (await import('./history')).bench,
  live: async () => (await import('./live')).bench,
  // Before screen: memory stops sending once the suite has run a while (memory.ts), and the
  // screen bench's Chromium loads take minutes on a slow machine.
  memory: async () => (await import('./memory')).bench,
  screen: async () => (await import('./screen')).bench,
  delivery: async () => (await import('./delivery')).bench,
  lockStall: async () => (await import('./lock-stall')).bench,
  saleDeliveries: async () => (await import('./sale-deliveries')).bench,
};

// Only at their scale: never part of the everyday run, nor of a name asked for without it.
const scaled: Record<string, Record<string, () => Promise<Bench>>> = {
  '1m': {
    history1m: async () => (await import('./history-1m')).bench,
    memory1m: async () => (await import('./memory')).bench1m,
    export1m: async () => (await import('./export-csv')).bench,
  },
};

const args = parseArgs({ options: { scale: { type: 'string' } }, allowPositionals: true });
const scale = args.values.scale;
if (scale !== undefined && !(scale in scaled)) {
  throw new Error(`--scale ${scale}: known scales are ${Object.keys(scaled).join(', ')}.`);
}
const wanted = args.positionals;
const suite = scale === undefined ? benches : (scaled[scale] ?? {});
const figures: Figure[] = [];
const report = createReporter(figures);
const failures: string[] = [];
const started = Date.now();

for (const [name, load] of Object.entries(suite)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  const t0 = Date.now();
  process.stdout.write(`# ${name}\n`);
  try {
    await (
      await load()
    )(report);
  } catch (e) {
    failures.push(name);
    process.stdout.write(`# ${name} failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  }
  process.stdout.write(`# ${name} took ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
}

writeFileSync(
  'bench-results.json',
  JSON.stringify(
    { at: new Date().toISOString(), seconds: (Date.now() - started) / 1000, figures },
    null,
    2,
  ),
);
// At a glance: which targets this run met.
const judged = figures.filter((f) => meetsTarget(f) !== undefined);
const missed = judged.filter((f) => meetsTarget(f) === false);
process.stdout.write(
  `# targets: ${judged.length - missed.length} of ${judged.length} met` +
    missed.map((f) => `\n# missed: ${f.name} ${f.value} ${f.unit} (target ${f.target})`).join('') +
    '\n',
);
process.stdout.write(
  `# all figures in bench-results.json (${((Date.now() - started) / 1000).toFixed(1)} s)\n`,
);
process.exitCode = failures.length > 0 ? 1 : 0;
