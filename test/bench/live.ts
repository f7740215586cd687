// live: from the sandbox completing a session to the sale being stored in SQLite, and to its
// row being on the Fulfilments screen in Chromium (the real renderer over the HTTP bridge).
// This process hosts what Electron's main does (the console, its sandbox and receiver, the
// bridge); playwright drives the page from a child process (live-page.ts), so its traffic with
// Chromium is not main's work. main_cpu_per_sale is this process's CPU over the batch, per sale.
// The console runs in demo mode with live auto-start, so the path is the real one:
// sandbox → signed webhook → receiver → SQLite → fulfillments.changed → renderer.
// Baseline, same run: a standalone sandbox delivering the same events to a bare loopback sink
// (it records arrival and answers 200, nothing else): the floor any receiver starts from.
// Each hop's median follows (live-hops.ts): sandbox → receiver → commit → sale → page → list
// read → row. LIVE_HOPS_TRACE=1 prints every sale's timeline. Then a burst: the same number of
// sales back to back, no pause (no target), beside the paced figure. Last, same run: the paced
// sales again with playwright in this process (page_here), as before.
// Standalone: node --import tsx test/bench/live.ts
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import type { MethodInput, MethodName, MethodResult } from '../../preload/contract';
import { createConsole, type CheckoutConsole } from '../../main/console';
import { startSandbox } from '../../main/sandbox';
import { createMemorySecrets } from '../../main/secrets';
import { startHttpBridge, type HttpBridge } from '../support/http-bridge';
import { buildRenderer } from '../support/renderer-build';
import { startWebhookSink } from '../support/webhook-sink';
import { createReporter, median, waitFor, type Report } from './report';
import { now, recordLiveHops, type LiveHops } from './live-hops';
import { openPageHere, openPageInChild, type LivePage } from './live-page';

const RUNS = 20;
// Between sales: the page reads the totals, the chart and the nav count after a sale's row is
// drawn, and redraws them. The target is one payment's latency, so the next one starts after
// that (back to back, its request to the sandbox queued behind them: 2-55 ms under load).
const QUIET_MS = 250;

async function call<N extends MethodName>(
  cc: CheckoutConsole,
  name: N,
  input: MethodInput<N>,
): Promise<MethodResult<N>> {
  const result = await cc.call(name, input);
  if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
  return result.value;
}

/** Sandbox completes a session → the signed webhook reaches a bare sink: median of RUNS. */
async function baseline(): Promise<number> {
  const sandbox = await startSandbox({});
  const sink = await startWebhookSink();
  try {
    const api = async (method: string, path: string, body?: unknown): Promise<unknown> => {
      const res = await fetch(new URL(path, sandbox.apiUrl), {
        method,
        headers: {
          Authorization: `Basic ${Buffer.from(`${sandbox.apiKey}:`).toString('base64')}`,
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (res.status >= 300) throw new Error(`sandbox ${method} ${path}: ${res.status}`);
      return res.json();
    };
    await api('POST', 'webhooks.json', {
      url: sink.url(),
      events_types: ['checkout.succeeded'],
    });
    const [product] = (await api('GET', 'items.json')) as Array<{ code: string }>;
    if (!product) throw new Error('the sandbox has no products');
    const samples: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const session = (await api('POST', 'checkout/sessions.json', {
        items: [{ product: product.code }],
        customer: { email: `bare${i}@example.com` },
        success_url: 'https://example.com/ok',
        cancel_url: 'https://example.com/cancel',
      })) as { id: number };
      const t0 = Date.now();
      const res = await fetch(
        `${sandbox.origin}/__sandbox/checkout/sessions/${session.id}/complete`,
        {
          method: 'POST',
        },
      );
      if (res.status !== 200) throw new Error(`sandbox complete answered ${res.status}`);
      const [arrived] = (await sink.waitFor(i + 1)).slice(i);
      samples.push((arrived?.at ?? Number.NaN) - t0);
    }
    return median(samples);
  } finally {
    await sandbox.close();
    await sink.close();
  }
}

/** One batch of sales: payment → stored and payment → row drawn, ms each. */
interface Timed {
  stored: number[];
  rendered: number[];
  /** The bench process's CPU (user + system) over the batch, per sale. */
  mainCpuMs: number;
  hops: LiveHops;
}

/** Which process hosts what, beside the figures. */
const hosts = (line: string): void => void process.stdout.write(`# live: ${line}\n`);

/** The fulfillments.changed events heard since it began: when each came and the sales it named. */
function recordChanges(cc: CheckoutConsole): {
  changes: Array<{ at: number; ids: number[] }>;
  stop(): void;
} {
  const changes: Array<{ at: number; ids: number[] }> = [];
  const stop = cc.on('fulfillments.changed', ({ ids }) => changes.push({ at: now(), ids }));
  return { changes, stop };
}

/**
 * When the sale paying `email` was readable through the contract: the first change naming it
 * (processing commits before it emits). Read once the row is drawn: a read inside the event
 * would run before the page hears of it, and time the bench rather than the product.
 */
async function saleStoredAt(
  cc: CheckoutConsole,
  changes: Array<{ at: number; ids: number[] }>,
  email: string,
): Promise<number> {
  for (const { at, ids } of changes) {
    for (const id of ids) {
      if ((await call(cc, 'fulfillments.get', { id })).customerEmail === email) return at;
    }
  }
  throw new Error(`no fulfillments.changed named the sale paid by ${email}`);
}

export async function bench(report: Report): Promise<void> {
  report(`live.bare.complete_to_received.median${RUNS}`, await baseline(), 'ms');
  const rendererDir = await buildRenderer();
  const dataDir = await mkdtemp(join(tmpdir(), 'cc-bench-live-'));
  let page: LivePage | undefined;
  let cc: CheckoutConsole | undefined;
  let bridge: HttpBridge | undefined;
  let hops: LiveHops | undefined;
  try {
    cc = await createConsole({ dataDir, secrets: createMemorySecrets(), env: {} });
    const console_ = cc;
    const account = await call(cc, 'accounts.useSandbox', {});
    const sandboxOrigin = new URL(account.apiUrl).origin;
    await waitFor(
      async () => (await call(console_, 'live.status', {})).webhook.state === 'registered',
      60_000,
      50,
    );
    const products = await call(cc, 'products.list', {});
    const product = products[0]?.code;
    if (!product) throw new Error('the sandbox has no products');

    bridge = await startHttpBridge({ console: cc, rendererDir });
    const desk = bridge.url;
    const openPage = async (open: (url: string) => Promise<LivePage>): Promise<LivePage> => {
      page = await open(desk);
      await bridge?.waitForEventClients(1);
      return page;
    };

    const stamp = Date.now();
    /** RUNS sales, each `pauseMs` after the one before is drawn; with main's CPU per sale. */
    const sell = async (shown: LivePage, label: string, pauseMs: number): Promise<Timed> => {
      const timing = recordLiveHops(console_);
      hops = timing;
      const timed: Timed = { stored: [], rendered: [], mainCpuMs: 0, hops: timing };
      const cpu = process.cpuUsage();
      for (let i = 0; i < RUNS; i++) {
        if (pauseMs > 0) await sleep(pauseMs);
        const email = `live${label}${stamp}-${i}@example.com`;
        const { link } = await call(console_, 'links.create', {
          customer: { email, firstName: 'Live', lastName: `Buyer ${i}` },
          items: [{ product }],
        });
        // Both ends are told rather than polled: a probe every few milliseconds would take CPU
        // from the very receiver and page it times (2 cores, shared).
        const armed = await shown.seen(email);
        const heard = recordChanges(console_);
        const t0 = timing.start();
        const drawn = timing.awaitSale(armed.marks, email, t0);
        const res = await fetch(
          `${sandboxOrigin}/__sandbox/checkout/sessions/${link.id}/complete`,
          { method: 'POST' },
        );
        if (res.status !== 200) throw new Error(`sandbox complete answered ${res.status}`);
        timed.rendered.push((await drawn) - t0);
        heard.stop();
        timed.stored.push((await saleStoredAt(console_, heard.changes, email)) - t0);
      }
      const used = process.cpuUsage(cpu);
      timed.mainCpuMs = (used.user + used.system) / 1000 / RUNS;
      timing.close();
      hops = undefined;
      return timed;
    };

    // The product's case: the page is driven from another process, as Electron's renderer is.
    const child = await openPage(openPageInChild);
    hosts(`console, sandbox, receiver, HTTP bridge: the bench's process (pid ${process.pid})`);
    hosts(`page: ${child.host}`);
    const paced = await sell(child, '', QUIET_MS);
    // The issue's targets: payment → rendered median < 30 ms, max < 100 ms over 20.
    report(`live.complete_to_stored.median${RUNS}`, median(paced.stored), 'ms');
    report(`live.complete_to_rendered.median${RUNS}`, median(paced.rendered), 'ms', '< 30');
    report(`live.complete_to_rendered.max${RUNS}`, Math.max(...paced.rendered), 'ms', '< 100');
    report('live.main_cpu_per_sale', paced.mainCpuMs, 'ms');
    paced.hops.report(report, 'live.hop');
    // What a burst costs: each sale starts as soon as the one before is drawn, so it also
    // waits behind the summary reads and redraws that sale caused. No target: sales do not
    // come every few milliseconds.
    const burst = await sell(child, 'burst', 0);
    report(`live.burst.complete_to_rendered.median${RUNS}`, median(burst.rendered), 'ms');
    report(`live.burst.complete_to_rendered.max${RUNS}`, Math.max(...burst.rendered), 'ms');
    await child.close();
    page = undefined;

    // Same run's baseline: the page driven from the bench's own process, which then also
    // handles playwright's traffic with Chromium.
    const here = await openPage(openPageHere);
    hosts(`baseline page: ${here.host}`);
    const inProcess = await sell(here, 'here', QUIET_MS);
    report(`live.page_here.complete_to_rendered.median${RUNS}`, median(inProcess.rendered), 'ms');
    report(`live.page_here.complete_to_rendered.max${RUNS}`, Math.max(...inProcess.rendered), 'ms');
    report('live.page_here.main_cpu_per_sale', inProcess.mainCpuMs, 'ms');
  } finally {
    hops?.close();
    await page?.close();
    await bridge?.close();
    await cc?.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await bench(createReporter([]));
}
