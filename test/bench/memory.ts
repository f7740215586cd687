// memory: peak resident memory of a real `checkout-console listen --json` process while it
// ingests signed deliveries, against the same process idle (the baseline, same run).
// The deliveries go straight to the receiver URL the process registered with the sandbox,
// signed with that webhook's auth key, from autocannon at 50 connections.
// Standalone: node --import tsx test/bench/memory.ts [count]
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import { z } from 'zod';
import { startSandbox, type Sandbox } from '../../main/sandbox';
import { makeTempDir } from '../support/temp-dir';
import { signedDeliveries } from './deliveries';
import { createReporter, waitFor, type Report } from './report';

const TARGET_COUNT = 100_000;
// Deliveries are sent in rounds; no new round starts once this bench has sent for 120 s or
// the whole `npm run bench` process has run for 230 s, so the suite stays under 5 minutes on
// a loaded 2-core machine. The count actually reached is in the figure name.
const SEND_BUDGET_MS = 120_000;
const SUITE_BUDGET_S = 230;
const ROUND = 5_000;
// The figure means little below this, so it is always reached whatever the budget says.
const MIN_COUNT = 20_000;
const CONNECTIONS = 50;

const webhookList = z.array(z.object({ url: z.string(), auth_key: z.string() }).loose());

/** VmHWM (peak) and VmRSS (now) of a process, in MB. */
function memoryOf(pid: number): { peak: number; now: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) =>
    Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
  return { peak: kb('VmHWM') / 1024, now: kb('VmRSS') / 1024 };
}

async function send(url: string, authKey: string, amount: number) {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    amount,
    timeout: 30,
    requests: signedDeliveries(url, authKey, 5_000_000),
  });
  return { ok: result['2xx'], failed: result.non2xx + result.errors + result.timeouts };
}

// Baseline: a process that only loads the CLI's modules through tsx, as bin/ does, and exits.
// The gap between it and the idle listener is what listening itself holds.
const LOAD_ONLY =
  "await import('./main/cli.ts'); process.stdout.write(String(process.memoryUsage().rss));";

async function loadOnlyRss(): Promise<number> {
  const args = ['--import', 'tsx', '--input-type=module', '-e', LOAD_ONLY];
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  await new Promise((r) => child.once('close', r));
  const rss = Number(out);
  if (!(rss > 0)) throw new Error(`loading the CLI modules printed ${JSON.stringify(out)}`);
  return rss / 1024 / 1024;
}

function startListen(sb: Sandbox, dataDir: string): ChildProcessWithoutNullStreams {
  return spawn(
    process.execPath,
    ['bin/checkout-console.js', '--data-dir', dataDir, 'listen', '--json'],
    {
      env: {
        PATH: process.env.PATH,
        HOME: dataDir,
        CHECKOUT_CONSOLE_API_URL: sb.apiUrl,
        CHECKOUT_CONSOLE_API_KEY: sb.apiKey,
      },
    },
  );
}

export async function bench(report: Report, targetCount = TARGET_COUNT): Promise<void> {
  const tmp = makeTempDir('cc-bench-memory-');
  const sb = await startSandbox();
  let child: ChildProcessWithoutNullStreams | undefined;
  try {
    child = startListen(sb, tmp.path);
    const exited = new Promise<number | null>((r) => child?.once('exit', r));
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    // The process prints one JSON line per recorded sale: reading them keeps its stdout
    // flowing (as a terminal or log collector would) and tells us when processing caught up.
    let registered = false;
    let sales = 0;
    createInterface({ input: child.stdout }).on('line', (text) => {
      if (text.includes('"event":"fulfillment"')) sales += 1;
      else if (/"webhook":\{"state":"registered"/.test(text)) registered = true;
    });
    await Promise.race([
      waitFor(() => registered, 60_000, 20),
      exited.then((code) => {
        throw new Error(`listen exited with ${code}: ${stderr}`);
      }),
    ]);

    const hooks = webhookList.parse(
      await (
        await fetch(`${sb.apiUrl}webhooks`, {
          headers: { authorization: `Basic ${Buffer.from(`${sb.apiKey}:`).toString('base64')}` },
        })
      ).json(),
    );
    const hook = hooks[0];
    if (!hook) throw new Error('listen registered no webhook with the sandbox');
    const pid = child.pid;
    if (pid === undefined) throw new Error('listen has no pid');
    // Idle baseline: the process started, registered its webhook, and settled.
    await new Promise((r) => setTimeout(r, 1_000));
    const idle = memoryOf(pid);

    const started = Date.now();
    let sent = 0;
    let failed = 0;
    // The peak after the first round against the end tells a plateau from a steady leak.
    let firstRound: { count: number; peak: number } | undefined;
    const withinBudget = () =>
      Date.now() - started < SEND_BUDGET_MS && process.uptime() < SUITE_BUDGET_S;
    while (sent < targetCount && (sent < MIN_COUNT || withinBudget())) {
      const round = await send(hook.url, hook.auth_key, Math.min(ROUND, targetCount - sent));
      sent += round.ok;
      failed += round.failed;
      firstRound ??= { count: sent, ...memoryOf(pid) };
      if (round.ok === 0) throw new Error(`the receiver accepted nothing: ${stderr}`);
    }
    const sendMs = Date.now() - started;
    // Acknowledged means committed; processing into sales follows. Wait for it to finish.
    await waitFor(() => sales >= sent, 120_000, 100);
    const busy = memoryOf(pid);

    const label = sent >= TARGET_COUNT ? '100k' : `${Math.floor(sent / 1000)}k`;
    report('memory.cli_modules_loaded_rss', await loadOnlyRss(), 'MB');
    report('memory.listen_idle_rss', idle.now, 'MB');
    report(`memory.listen_peak_rss_${label}_deliveries`, busy.peak, 'MB', '< 200 MB');
    if (firstRound && firstRound.count < sent) {
      const k = `${Math.floor(firstRound.count / 1000)}k`;
      report(`memory.listen_peak_rss_first_${k}_deliveries`, firstRound.peak, 'MB');
    }
    report(`memory.listen_rss_after_${label}`, busy.now, 'MB');
    report('memory.deliveries_accepted', sent, 'count', `${TARGET_COUNT}`);
    report('memory.deliveries_failed', failed, 'count', '0');
    report('memory.sales_printed', sales, 'count');
    report('memory.ingest_rate', (sent / sendMs) * 1000, 'req/s');
  } finally {
    if (child && child.exitCode === null) {
      const gone = new Promise((r) => child?.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([gone, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    await sb.close();
    tmp.remove();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const count = process.argv[2] ? Number(process.argv[2]) : TARGET_COUNT;
  await bench(createReporter([]), count);
}
