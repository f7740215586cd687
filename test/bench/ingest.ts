// ingest: signed webhook deliveries for 10 s against the real receiver (durable commits,
// signature checks, in its own process) and against a bare node:http server that reads the body
// into one Buffer as the receiver does and answers a small JSON 200 — the baseline, measured in
// the same run, at each connection count (50, and 200 as a busy burst).
// Standalone: node --import tsx test/bench/ingest.ts [seconds]
// The receiver runs from an esbuild bundle of test/support/receiver-child.ts, as the app and the
// CLI ship main/ (bundled): under tsx its process also fed a loader thread and compiled keepNames
// wrappers, CPU the shipped receiver never spends on these 2 cores.
// Each connection count runs the receiver twice: as shipped, inserting on its one thread, and
// with the store's insert worker taking every batch (`insert_worker`, off by default:
// store/writer.ts, main/receiver/server.ts); `main_thread_cpu_per_request` is the receiving
// thread's share.
// With CPU_PROF_DIR=<dir> the receiver runs under `node --cpu-prof` and leaves its profiles
// there, a folder per run (insert-worker-c50, receiver-c50, …) with a file per thread (its bundle
// and source map stay in out/bench). With ALLOC_PROF_DIR=<dir> both servers run
// under V8's sampling heap profiler, counting objects already collected too, and the bench
// reports the bytes each allocates per request (its profile stays there, to open in DevTools);
// the sampling costs CPU, so that run's CPU figures are not comparable with a plain run's.
// The disk's fsync time, taken in the same temp dir just before and after each receiver run,
// gives the ceiling a durable receiver can reach here: a delivery is answered only after an
// fsync, so N connections make at most N deliveries per fsync. A ratio near that ceiling says
// the disk, not the receiver's CPU, is what holds it back.
// Each connection count also runs `durable_floor` (ingest-floor.ts, bundled like the receiver):
// a server that does only what the durability rule asks (read the body, insert it into one
// SQLite table, group-commit a loop turn's arrivals, fsync the WAL from the pool, then 200),
// no signature, JSON, dedupe, processing or checkpoint: the most a durable SQLite receiver could
// reach on this machine without checkpoints. Its WAL is never checkpointed (wal_autocheckpoint 0:
// it only grows over a run), where the receiver's checkpoint worker copies pages and syncs every
// 200 ms on the same disk and cores, so the floor is higher than a receiver that must checkpoint
// could reach. `receiver.of_floor` is the receiver's share of it.
// The load generator (autocannon, signing each delivery) runs in this process on the same 2
// cores. `<server>.client_cpu_per_request` is this process's CPU (process.cpuUsage: every thread)
// over the measured window per request, `<server>.cpu_sum_per_request` the server's plus the
// client's, `<server>.client_thread_busy` the share of the window this process's main thread
// (autocannon's, single) was on a core: near 1 it could not send faster, and the figure is the
// client's limit, not the server's. `<server>.machine_cores_busy` is all cores' use over the
// window (/proc/stat, other work on the machine included), of the cpuN lines /proc/stat lists,
// and `<server>.other_cores_busy` what neither server nor client used of it (over the same
// measured window): other processes'
// work, which takes cores from both and makes that run's req/s figures low.
// `<server>.cpu_sum_ratio` is bare's sum over this server's: the ratio the cores allow when
// client and server share them and nothing else is the limit.
// Then, in this process, the time each group commit holds the event loop: with SQLite's
// automatic checkpoint (run inside the commit that crosses 1000 pages) and with the receiver's
// checkpoint worker (main/store/checkpoint.ts), same run, same commits.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  close,
  closeSync,
  fsync,
  open,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import { build } from 'esbuild';
import { z } from 'zod';
import { buildCliExternals } from '../support/cli-build-externals';
import { makeTempDir } from '../support/temp-dir';
import { openStoreWithAccount } from '../support/test-store';
import { signedDeliveries } from './deliveries';
import { createReporter, median, type Report } from './report';

const SECONDS = 10;
// A short run first warms each server's JIT, so neither pays its compile time in the figure.
const WARM_UP_SECONDS = 1;
const CONNECTION_COUNTS = [50, 200];
// A page appended and synced per round, as a group commit appends WAL frames and syncs them.
const FSYNC_ROUNDS = 100;
const PAGE = Buffer.alloc(4096, 1);

const BARE_SERVER = `
const http = require('node:http');
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    const text = JSON.stringify({ received: true, bytes: body.length });
    res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(Buffer.byteLength(text)) });
    res.end(text);
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(JSON.stringify({ url: 'http://127.0.0.1:' + server.address().port + '/hooks/x' }) + '\\n'));
`;

// Preloaded with --import under ALLOC_PROF_DIR: samples every allocation from the start,
// including objects a GC has already collected (what a request costs, not what it keeps), and
// writes the profile to ALLOC_PROF_OUT on exit. The same-thread session answers synchronously,
// so 'exit' can still stop it. A SIGTERM exits here only when the server has no handler of its
// own (the bare server), so the receiver still closes as it does unprofiled.
const ALLOC_SAMPLER = `
import { Session } from 'node:inspector';
import { writeFileSync } from 'node:fs';
const session = new Session();
session.connect();
session.post('HeapProfiler.enable');
session.post('HeapProfiler.startSampling', {
  samplingInterval: 8192,
  includeObjectsCollectedByMajorGC: true,
  includeObjectsCollectedByMinorGC: true,
});
process.on('exit', () => {
  session.post('HeapProfiler.stopSampling', (error, result) => {
    if (!error) writeFileSync(process.env.ALLOC_PROF_OUT, JSON.stringify(result.profile));
  });
});
process.on('SIGTERM', () => {
  if (process.listenerCount('SIGTERM') === 1) process.exit(0);
});
`;

interface HeapNode {
  selfSize: number;
  children: HeapNode[];
}

const heapNode: z.ZodType<HeapNode> = z.lazy(() =>
  z.object({ selfSize: z.number(), children: z.array(heapNode) }),
);
const heapProfile = z.object({ head: heapNode });

/** A server child's first line must come within this, and a stopped child exit within STOP_MS. */
const START_MS = 30_000;
const STOP_MS = 5_000;

/** Children started and not yet exited: a SIGINT or SIGTERM to the bench kills them. */
const live = new Set<ChildProcess>();

/** Bytes a sampling heap profile estimates were allocated in all (its samples are scaled). */
function allocatedBytes(node: HeapNode): number {
  return node.children.reduce((sum, child) => sum + allocatedBytes(child), node.selfSize);
}

async function startChild(
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ child: ChildProcess; url: string; lastLine: () => string }> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'], env });
  live.add(child);
  child.once('exit', () => live.delete(child));
  let last = '';
  const lines = createInterface({ input: child.stdout! });
  lines.on('line', (line) => (last = line));
  let timer: NodeJS.Timeout | undefined;
  try {
    const first = await new Promise<string>((resolve, reject) => {
      lines.once('line', resolve);
      child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
      timer = setTimeout(
        () => reject(new Error(`server printed no line within ${START_MS} ms`)),
        START_MS,
      );
      timer.unref();
    });
    const { url } = z.object({ url: z.string() }).parse(JSON.parse(first));
    return { child, url, lastLine: () => last };
  } catch (error) {
    // No url, no measure: nothing else would stop it.
    child.kill('SIGKILL');
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

const loopDelayLine = z.object({
  loopDelayMaxMs: z.number().optional(),
  loopDelayP99Ms: z.number().optional(),
});

/** The receiver child's last line: its event loop's longest hold (NaN for the bare server). */
function loopDelayOf(line: string): { max: number; p99: number } {
  try {
    const d = loopDelayLine.safeParse(JSON.parse(line));
    if (!d.success) return { max: Number.NaN, p99: Number.NaN };
    return { max: d.data.loopDelayMaxMs ?? Number.NaN, p99: d.data.loopDelayP99Ms ?? Number.NaN };
  } catch {
    return { max: Number.NaN, p99: Number.NaN };
  }
}

/** SIGTERM (the receiver closes its store), then SIGKILL if it has not exited in STOP_MS. */
function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_MS);
    timer.unref();
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

async function load(url: string, authKey: string, connections: number, seconds: number) {
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    requests: signedDeliveries(url, authKey, 1_000_000),
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    total: result.requests.total,
  };
}

/** ms of each append + fsync of a file at `path` (the receiver's WAL syncs on the same disk). */
function fsyncTimes(path: string, rounds = FSYNC_ROUNDS): number[] {
  const fd = openSync(path, 'w');
  try {
    const times: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const start = performance.now();
      writeSync(fd, PAGE);
      fsyncSync(fd);
      times.push(performance.now() - start);
    }
    return times;
  } finally {
    closeSync(fd);
  }
}

/**
 * ms from asking to hearing back, per append + sync from the thread pool, as the receiver's
 * syncToDisk waits for it, two ways in turn: an fsync of a handle kept open (the store's way
 * now) and open + fsync + close (before: three trips through the pool per sync).
 */
async function poolSyncTimes(path: string, rounds = FSYNC_ROUNDS) {
  const fd = openSync(path, 'w');
  const kept: number[] = [];
  const reopened: number[] = [];
  const call = <T>(fn: (done: (e: Error | null, v?: T) => void) => void) =>
    new Promise<T | undefined>((ok, fail) => fn((e, v) => (e ? fail(e) : ok(v))));
  try {
    for (let i = 0; i < rounds; i++) {
      writeSync(fd, PAGE);
      let start = performance.now();
      await call((done) => fsync(fd, done));
      kept.push(performance.now() - start);
      writeSync(fd, PAGE);
      start = performance.now();
      const other = await call<number>((done) => open(path, 'r+', done));
      await call((done) => fsync(other!, done));
      await call((done) => close(other!, done));
      reopened.push(performance.now() - start);
    }
  } finally {
    closeSync(fd);
  }
  return { kept: median(kept), reopened: median(reopened) };
}

const repoRoot = resolve(import.meta.dirname, '../..');

/**
 * Bundles the receiver child into out/ (its packages resolve from the repo's node_modules), with
 * a source map when profiling, so a profile's frames can be traced back to their files, and the
 * store's insert worker beside it, where the store looks for it (store/writer.ts), as a build of
 * main/ ships it; and the durable floor (ingest-floor.ts) with the same options.
 */
async function bundleReceiver(sourcemap: boolean): Promise<{ receiver: string; floor: string }> {
  const outdir = join(repoRoot, 'out', 'bench');
  const name = `receiver-child-${process.pid}.mjs`;
  // The options of package.json's build:cli.
  const options = {
    bundle: true,
    platform: 'node',
    format: 'esm',
    external: buildCliExternals(),
    logLevel: 'warning',
    sourcemap: sourcemap ? 'linked' : false,
  } as const;
  const child = (outfile: string) =>
    build({
      ...options,
      entryPoints: [join(repoRoot, 'test', 'support', 'receiver-child.ts')],
      outfile,
    });
  const receiver = join(outdir, name);
  await child(receiver);
  await build({
    ...options,
    entryPoints: [join(repoRoot, 'test', 'bench', 'ingest-floor.ts')],
    outfile: join(outdir, `ingest-floor-${process.pid}.mjs`),
  });
  await build({
    ...options,
    entryPoints: [join(repoRoot, 'main', 'store', 'writer-worker.ts')],
    outfile: join(outdir, 'writer-worker.mjs'),
  });
  return { receiver, floor: join(outdir, `ingest-floor-${process.pid}.mjs`) };
}

type Load = Awaited<ReturnType<typeof load>>;

/**
 * CPU ms a process has used (user + system, from /proc at 100 ticks a second), or NaN off
 * Linux. Per request it holds up under load far better than req/s does: a busy machine slows
 * both servers' clocks, not the work each request costs. With `thread`, that thread's alone (the
 * main thread's id is the pid).
 */
function cpuMs(pid: number | undefined, thread?: number): number {
  try {
    const task = thread === undefined ? '' : `/task/${thread}`;
    const stat = readFileSync(`/proc/${pid}${task}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

/**
 * Jiffies all cores spent busy and in all, from /proc/stat's first line, and the cores it counts
 * (its cpuN lines) (NaN off Linux).
 */
function machineJiffies(): { busy: number; total: number; cores: number } {
  try {
    const lines = readFileSync('/proc/stat', 'utf8').split('\n');
    const fields = lines[0]!.trim().split(/\s+/);
    const n = fields.slice(1, 9).map(Number);
    const total = n.reduce((a, b) => a + b, 0);
    const cores = lines.filter((line) => /^cpu\d+\s/.test(line)).length;
    // idle and iowait
    return { busy: total - (n[3] ?? 0) - (n[4] ?? 0), total, cores };
  } catch {
    return { busy: Number.NaN, total: Number.NaN, cores: Number.NaN };
  }
}

interface ClientCost {
  /** This process's CPU (autocannon and its signing: every thread) per request, µs. */
  clientCpuUs: number;
  /** Share of the window this process's main thread (autocannon's) was on a core, 0–1. */
  clientThreadBusy: number;
  /** Cores busy over the window, the whole machine's (other processes included). */
  machineCoresBusy: number;
  /** The window measured, ms (a run lasts a little longer than its nominal seconds). */
  wallMs: number;
}

/** Starts measuring the load generator's cost and the machine's; `stop` gives it per request. */
function clientMeter(): { stop: (requests: number) => ClientCost } {
  const started = performance.now();
  const usage = process.cpuUsage();
  const thread = cpuMs(process.pid, process.pid);
  const machine = machineJiffies();
  return {
    stop(requests) {
      const wallMs = performance.now() - started;
      const used = process.cpuUsage(usage);
      const now = machineJiffies();
      return {
        clientCpuUs: (used.user + used.system) / Math.max(requests, 1),
        clientThreadBusy: (cpuMs(process.pid, process.pid) - thread) / wallMs,
        machineCoresBusy: ((now.busy - machine.busy) / (now.total - machine.total)) * now.cores,
        wallMs,
      };
    },
  };
}

/**
 * One server under load; with `allocProfile` (a file path) it runs under ALLOC_SAMPLER and
 * allocBytes is what it allocated per request over its whole life (start-up included: small
 * beside tens of thousands of requests), else NaN.
 */
async function measure(
  args: string[],
  authKey: string,
  connections: number,
  seconds: number,
  allocProfile?: { sampler: string; out: string },
): Promise<
  Load &
    ClientCost & {
      cpuUs: number;
      mainCpuUs: number;
      allocBytes: number;
      loopDelay: { max: number; p99: number };
    }
> {
  const server = await startChild(
    allocProfile ? ['--import', pathToFileURL(allocProfile.sampler).href, ...args] : args,
    allocProfile ? { ...process.env, ALLOC_PROF_OUT: allocProfile.out } : process.env,
  );
  let served = 0;
  let result: Load & ClientCost & { cpuUs: number; mainCpuUs: number };
  try {
    const pid = server.child.pid;
    const warm = await load(server.url, authKey, connections, WARM_UP_SECONDS);
    const [before, mainBefore] = [cpuMs(pid), cpuMs(pid, pid)];
    const client = clientMeter();
    const run = await load(server.url, authKey, connections, seconds);
    const clientCost = client.stop(run.total);
    const perRequest = (ms: number) => (ms * 1000) / Math.max(run.total, 1);
    const cpuUs = perRequest(cpuMs(pid) - before);
    const mainCpuUs = perRequest(cpuMs(pid, pid) - mainBefore);
    served = warm.total + run.total;
    result = { ...run, ...clientCost, cpuUs, mainCpuUs };
  } finally {
    await stop(server.child);
  }
  const loopDelay = loopDelayOf(server.lastLine());
  if (!allocProfile) return { ...result, allocBytes: Number.NaN, loopDelay };
  const profile = heapProfile.parse(JSON.parse(readFileSync(allocProfile.out, 'utf8')));
  return { ...result, allocBytes: allocatedBytes(profile.head) / Math.max(served, 1), loopDelay };
}

/** Group commits timed (20 events each, as a busy receiver's), a timer turn apart. */
const STALL_COMMITS = 2000;
const STALL_BATCH = 20;

/**
 * Each commit's time on the event loop and the WAL's largest size, over STALL_COMMITS group
 * commits of delivery-sized events into a fresh store in `file`.
 */
async function commitTimes(file: string, offThread: boolean) {
  const { store, accountId } = openStoreWithAccount(file);
  const checkpoints = offThread ? store.checkpointOffThread() : null;
  // As the receiver's writer: one derived transaction per batch (its sync is not timed here).
  const commit = store.derivedTransaction((k: number) =>
    store.events.insertVerifiedMany(
      Array.from({ length: STALL_BATCH }, (_, i) => ({
        accountId,
        body: JSON.stringify({ k, i, pad: 'x'.repeat(600) }),
        headers: {},
        eventType: null,
        sessionId: null,
        businessKey: null,
      })),
    ),
  );
  const times: number[] = [];
  let walBytes = 0;
  try {
    for (let k = 0; k < STALL_COMMITS; k += 1) {
      const started = performance.now();
      commit(k);
      times.push(performance.now() - started);
      if (k % 100 === 0) walBytes = Math.max(walBytes, statSync(`${file}-wal`).size);
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  } finally {
    await checkpoints?.close();
    store.close();
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.floor(q * (times.length - 1))] ?? Number.NaN;
  return { p50: at(0.5), p99: at(0.99), max: at(1), walMb: walBytes / 1e6 };
}

export async function bench(report: Report, seconds = SECONDS): Promise<void> {
  const tmp = makeTempDir('cc-bench-ingest-');
  const profile = process.env.CPU_PROF_DIR;
  const allocDir = process.env.ALLOC_PROF_DIR;
  const made: { bundles?: { receiver: string; floor: string } } = {};
  // Interrupted, the bench leaves no server running (its children die with it and are reaped,
  // not left as zombies) nor its files.
  const onSignal = (signal: NodeJS.Signals) => {
    const exited = [...live].map((child) => new Promise((done) => child.once('exit', done)));
    for (const child of live) child.kill('SIGKILL');
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise((done) => (timer = setTimeout(done, STOP_MS)));
    void Promise.race([Promise.all(exited), bound]).then(() => {
      clearTimeout(timer);
      // One started meanwhile goes too.
      for (const child of live) child.kill('SIGKILL');
      tmp.remove();
      if (made.bundles && !profile && !allocDir) {
        rmSync(made.bundles.receiver, { force: true });
        rmSync(made.bundles.floor, { force: true });
      }
      process.exit(128 + (signal === 'SIGINT' ? 2 : 15));
    });
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const forget = () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    tmp.remove();
  };
  const authKey = randomBytes(16).toString('base64url');
  const token = randomBytes(24).toString('base64url');
  const bundles = await bundleReceiver(profile !== undefined || allocDir !== undefined).catch(
    (error: unknown) => {
      forget();
      throw error;
    },
  );
  made.bundles = bundles;
  const bundle = bundles.receiver;
  let sampler: string | undefined;
  if (allocDir !== undefined) {
    mkdirSync(allocDir, { recursive: true });
    sampler = join(allocDir, 'alloc-sampler.mjs');
    writeFileSync(sampler, ALLOC_SAMPLER);
  }
  const allocAt = (name: string) =>
    sampler && allocDir ? { sampler, out: join(allocDir, `${name}.heapprofile`) } : undefined;
  try {
    for (const connections of CONNECTION_COUNTS) {
      const bare = await measure(
        ['-e', BARE_SERVER],
        authKey,
        connections,
        seconds,
        allocAt(`bare-c${connections}`),
      );
      const receiverArgs = (name: string, ...more: string[]) => [
        ...(profile ? ['--cpu-prof', '--cpu-prof-dir', join(profile, name)] : []),
        bundle,
        tmp.file(`${name}.sqlite`),
        token,
        authKey,
        ...more,
      ];
      const syncs = fsyncTimes(tmp.file(`fsync-${connections}.bin`));
      const withWorker = await measure(
        receiverArgs(`insert-worker-c${connections}`, '0'),
        authKey,
        connections,
        seconds,
        allocAt(`insert-worker-c${connections}`),
      );
      const floor = await measure(
        [bundles.floor, tmp.file(`floor-c${connections}.sqlite`)],
        authKey,
        connections,
        seconds,
        allocAt(`floor-c${connections}`),
      );
      const real = await measure(
        receiverArgs(`receiver-c${connections}`),
        authKey,
        connections,
        seconds,
        allocAt(`receiver-c${connections}`),
      );
      syncs.push(...fsyncTimes(tmp.file(`fsync-${connections}.bin`)));
      const fsyncMs = median(syncs);
      const ceiling = connections / (fsyncMs / 1000);
      const at = `ingest.c${connections}`;
      report(`${at}.bare.throughput`, bare.rps, 'req/s');
      report(`${at}.receiver.throughput`, real.rps, 'req/s');
      report(`${at}.ratio`, real.rps / bare.rps, 'x', '>= 0.75');
      report(`${at}.disk.fsync_p50`, fsyncMs, 'ms');
      report(`${at}.disk.ceiling`, ceiling, 'req/s');
      report(`${at}.disk.ceiling_ratio`, ceiling / bare.rps, 'x');
      report(`${at}.receiver.of_ceiling`, real.rps / ceiling, 'x');
      // About the ratio the receiver would reach with the CPU to itself: the bare server's CPU
      // per request over the receiver's, during the load (processing left for after it is not
      // counted: under load it runs in 2 ms slices, so that part is a lower bound).
      report(`${at}.bare.cpu_per_request`, bare.cpuUs, 'us');
      report(`${at}.receiver.cpu_per_request`, real.cpuUs, 'us');
      report(`${at}.cpu_ratio`, bare.cpuUs / real.cpuUs, 'x');
      // The thread that reads, verifies and answers (the rest: libuv's pool syncing the WAL, the
      // checkpoint worker, V8's GC threads, and the insert worker where it runs).
      report(`${at}.receiver.main_thread_cpu_per_request`, real.mainCpuUs, 'us');
      if (allocDir !== undefined) {
        report(`${at}.bare.alloc_per_request`, bare.allocBytes / 1024, 'KB');
        report(`${at}.receiver.alloc_per_request`, real.allocBytes / 1024, 'KB');
      }
      report(`${at}.bare.p99`, bare.p99, 'ms');
      report(`${at}.receiver.p50`, real.p50, 'ms');
      report(`${at}.receiver.p99`, real.p99, 'ms');
      report(`${at}.p99_ratio`, real.p99 / Math.max(bare.p99, 1), 'x', '< 1.5');
      report(`${at}.receiver.deliveries`, real.total, 'count');
      report(`${at}.receiver.failures`, real.non2xx + real.errors, 'count', '0');
      // The same receiver with the insert worker taking every batch (off as shipped).
      report(`${at}.insert_worker.throughput`, withWorker.rps, 'req/s');
      report(`${at}.insert_worker.ratio`, withWorker.rps / bare.rps, 'x');
      report(`${at}.insert_worker.cpu_per_request`, withWorker.cpuUs, 'us');
      report(`${at}.insert_worker.main_thread_cpu_per_request`, withWorker.mainCpuUs, 'us');
      report(`${at}.insert_worker.p99_ratio`, withWorker.p99 / Math.max(bare.p99, 1), 'x');
      report(`${at}.insert_worker.failures`, withWorker.non2xx + withWorker.errors, 'count');
      // The receiving thread's longest hold (its own writes waiting for the insert worker's
      // lock, a GC, a processing turn): no delivery is read or answered meanwhile.
      report(`${at}.receiver.loop_delay_max`, real.loopDelay.max, 'ms');
      report(`${at}.insert_worker.loop_delay_max`, withWorker.loopDelay.max, 'ms');
      report(`${at}.insert_worker.loop_delay_p99`, withWorker.loopDelay.p99, 'ms');
      report(`${at}.bare.failures`, bare.non2xx + bare.errors, 'count');
      // The durable floor without checkpoints (ingest-floor.ts): the least durable work, its WAL
      // never checkpointed, same run.
      report(`${at}.durable_floor.throughput`, floor.rps, 'req/s');
      report(`${at}.durable_floor.ratio`, floor.rps / bare.rps, 'x');
      report(`${at}.durable_floor.p99`, floor.p99, 'ms');
      report(`${at}.durable_floor.p99_ratio`, floor.p99 / Math.max(bare.p99, 1), 'x');
      report(`${at}.durable_floor.cpu_per_request`, floor.cpuUs, 'us');
      report(`${at}.durable_floor.failures`, floor.non2xx + floor.errors, 'count');
      report(`${at}.receiver.of_floor`, real.rps / floor.rps, 'x');
      // What the load generator costs beside each server, and whether it or the machine is full.
      for (const [name, run] of [
        ['bare', bare],
        ['durable_floor', floor],
        ['receiver', real],
        ['insert_worker', withWorker],
      ] as const) {
        report(`${at}.${name}.client_cpu_per_request`, run.clientCpuUs, 'us');
        report(`${at}.${name}.cpu_sum_per_request`, run.cpuUs + run.clientCpuUs, 'us');
        report(`${at}.${name}.client_thread_busy`, run.clientThreadBusy, 'x');
        report(`${at}.${name}.machine_cores_busy`, run.machineCoresBusy, 'cores');
        const ours = ((run.cpuUs + run.clientCpuUs) * run.total) / (run.wallMs * 1e3);
        report(`${at}.${name}.other_cores_busy`, run.machineCoresBusy - ours, 'cores');
        // The ratio to bare that the shared cores allow this server, client included, when they
        // (not the client's one thread, nor the disk) are the limit: less noisy than req/s.
        const sum = (r: typeof bare) => r.cpuUs + r.clientCpuUs;
        if (run !== bare) report(`${at}.${name}.cpu_sum_ratio`, sum(bare) / sum(run), 'x');
      }
    }
    const pool = await poolSyncTimes(tmp.file('pool-sync.bin'));
    report('ingest.disk.pool_sync_kept_handle_p50', pool.kept, 'ms');
    report('ingest.disk.pool_sync_open_each_p50', pool.reopened, 'ms');
    const auto = await commitTimes(tmp.file('commits-auto.sqlite'), false);
    const worker = await commitTimes(tmp.file('commits-worker.sqlite'), true);
    for (const [name, t] of [
      ['autocheckpoint', auto],
      ['checkpoint_worker', worker],
    ] as const) {
      report(`ingest.commit.${name}.p50`, t.p50, 'ms');
      report(`ingest.commit.${name}.p99`, t.p99, 'ms');
      report(`ingest.commit.${name}.max`, t.max, 'ms');
      report(`ingest.commit.${name}.wal_max`, t.walMb, 'MB');
    }
    report('ingest.commit.p99_ratio', worker.p99 / auto.p99, 'x', '< 1');
  } finally {
    forget();
    // A profile names the bundle's lines: both stay for it.
    if (!profile && !allocDir) {
      rmSync(bundle, { force: true });
      rmSync(bundles.floor, { force: true });
    }
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const seconds = Number(process.argv[2] ?? SECONDS);
  await bench(createReporter([]), seconds);
}
