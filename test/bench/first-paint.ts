// First paint (issue 16): from navigation to the first screen interactive (the Links heading and
// its New link button painted, then the main thread free for the next task), in Chromium, each
// sample a fresh browser context (cold cache), and the bundle's sizes. Two ways in: over the
// test's HTTP bridge, and from a file: URL as the packaged window loads it (no server). Both run
// the preload's code first (preload/bridge.ts, ~181 KB unminified: it checks names against
// zod-free lists and builds no method's schema), as Electron runs the preload on every window
// open: over HTTP as a deferred script, on the file: page as an init script whose transport is a
// binding to the console's dispatch (test/support/file-page.ts). The file: page once had a tiny stand-in there instead, so older
// `first_paint_file` figures leave out the preload's cost and are lower than today's.
// Baselines, same run, interleaved: the same renderer built as one chunk, as it shipped
// before the split; and a bare page that only asks app.info and shows the same heading and
// button, which is the harness's and the machine's share: `over_bare` is the median of each
// sample's difference from the bare page loaded just before it, so load noise mostly cancels.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import react from '@vitejs/plugin-react';
import { build } from 'vite';
import type { Browser, Page } from 'playwright-core';
import { createConsole } from '../../main/console';
import { createMemorySecrets } from '../../main/secrets';
import { launchBrowser, type BrowserSession } from '../support/browser';
import { indexFileUrl, launchFileBrowser, newFilePage } from '../support/file-page';
import { startHttpBridge, type BridgedConsole, type HttpBridge } from '../support/http-bridge';
import { onFirstScreen } from '../support/first-screen-watch';
import { buildRenderer } from '../support/renderer-build';
import { readRendererChunks, scriptKb } from '../support/renderer-chunks';
import { createReporter, median, sandboxCatalogueReady, type Report } from './report';

const SAMPLES = 9;

// A timeout set inside an animation frame runs once that frame is painted and any long task
// queued before it has finished: then a click would be handled.
const WATCH_FIRST_SCREEN = onFirstScreen(
  'requestAnimationFrame(() => setTimeout(() => { window.__interactiveAt = performance.now(); }, 0));',
);

/**
 * The renderer as one chunk (dynamic imports inlined): what the window loaded before the split.
 * The options are renderer-build.ts's but for the inlining.
 */
async function buildOneChunk(outDir: string): Promise<void> {
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: false,
      root: join(import.meta.dirname, '../../renderer'),
      plugins: [react()],
      base: './',
      logLevel: 'warn',
      mode: 'production',
      build: {
        outDir,
        emptyOutDir: true,
        chunkSizeWarningLimit: 2000,
        rolldownOptions: { output: { codeSplitting: false } },
      },
    });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
}

/** A page with nothing but the first screen's heading and button, shown after app.info. */
async function writeBarePage(dir: string): Promise<void> {
  await mkdir(join(dir, 'assets'));
  await writeFile(
    join(dir, 'index.html'),
    '<!doctype html><html><head><script type="module" src="./assets/bare.js"></script></head><body><div id="root"></div></body></html>',
  );
  await writeFile(
    join(dir, 'assets', 'bare.js'),
    "await window.checkoutConsole.invoke('app.info', {});\n" +
      "document.getElementById('root').innerHTML = '<h1>Links</h1><button>New link</button>';\n",
  );
}

interface FirstScreen {
  /** ms from navigation to the first screen interactive. */
  total: number;
  /** The same from the moment the page asked for its first script: the app's own share. */
  app: number;
  /**
   * CPU ms of the page's main thread by then (Chromium's ThreadTime, from a blank page on):
   * what other work on the machine inflates least, so before/after compare under load.
   */
  cpu: number;
}

/** When the Links screen became interactive on `page`, a fresh context's (cold cache). */
async function firstScreenAt(page: Page, url: string): Promise<FirstScreen> {
  try {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.addInitScript(WATCH_FIRST_SCREEN);
    await page.goto(url);
    const at = await page.waitForFunction(
      () => {
        const done = (window as unknown as { __interactiveAt?: number }).__interactiveAt;
        if (done === undefined) return undefined;
        const script = performance
          .getEntriesByType('resource')
          .find((e) => /\/assets\/[^/]+\.js$/.test(e.name));
        return { total: done, app: done - (script?.startTime ?? 0) };
      },
      undefined,
      { timeout: 30_000, polling: 5 },
    );
    const times = (await at.jsonValue()) as Omit<FirstScreen, 'cpu'>;
    const { metrics } = await cdp.send('Performance.getMetrics');
    const seconds = metrics.find((m) => m.name === 'ThreadTime')?.value ?? Number.NaN;
    return { ...times, cpu: seconds * 1000 };
  } finally {
    await page.context().close();
  }
}

type Variant = 'bare' | 'before' | 'after';
const VARIANTS: Variant[] = ['bare', 'before', 'after'];

/**
 * SAMPLES rounds of the three pages, interleaved so a burst of load from other work on the
 * machine hits all three alike; `open` gives a fresh page for a variant and its URL.
 */
async function sampleVariants(
  open: (variant: Variant) => Promise<{ page: Page; url: string }>,
): Promise<Record<Variant, FirstScreen[]>> {
  const samples: Record<Variant, FirstScreen[]> = { bare: [], before: [], after: [] };
  for (let i = 0; i < SAMPLES; i++) {
    for (const variant of VARIANTS) {
      const { page, url } = await open(variant);
      samples[variant].push(await firstScreenAt(page, url));
    }
  }
  return samples;
}

const mid = (of: FirstScreen[], part: keyof FirstScreen) => median(of.map((s) => s[part]));
const totals = (of: FirstScreen[]) => of.map((s) => s.total);
/** Each sample's time beyond the bare page loaded just before it, in the same round. */
const overBare = (of: FirstScreen[], bare: FirstScreen[]) =>
  median(of.map((s, i) => s.total - (bare[i]?.total ?? Number.NaN)));

/**
 * One way in's figures: `split` names the app's (screen.<split>, with the target), `bare` and
 * `oneChunk` the baselines' (screen.bare.<name>); `_cpu` is the main thread's CPU time.
 */
function reportWayIn(
  report: Report,
  names: Record<Variant, string>,
  samples: Record<Variant, FirstScreen[]>,
): void {
  const { bare, before, after } = samples;
  report(`screen.bare.${names.bare}`, mid(bare, 'total'), 'ms');
  report(`screen.bare.${names.before}`, mid(before, 'total'), 'ms');
  report(`screen.${names.after}`, mid(after, 'total'), 'ms', '< 300 ms');
  report(`screen.${names.after}_min`, Math.min(...totals(after)), 'ms');
  report(`screen.${names.after}_max`, Math.max(...totals(after)), 'ms');
  report(`screen.bare.${names.before}_over_bare`, overBare(before, bare), 'ms');
  report(`screen.${names.after}_over_bare`, overBare(after, bare), 'ms');
  report(`screen.bare.${names.bare}_cpu`, mid(bare, 'cpu'), 'ms');
  report(`screen.bare.${names.before}_cpu`, mid(before, 'cpu'), 'ms');
  report(`screen.${names.after}_cpu`, mid(after, 'cpu'), 'ms');
}

export async function benchFirstPaint(
  report: Report,
  browser: BrowserSession,
  console: BridgedConsole,
): Promise<void> {
  const oneChunkDir = await mkdtemp(join(tmpdir(), 'cc-bench-one-chunk-'));
  const bareDir = await mkdtemp(join(tmpdir(), 'cc-bench-bare-page-'));
  const bridges: HttpBridge[] = [];
  let fileBrowser: Browser | undefined;
  try {
    await buildOneChunk(oneChunkDir);
    await writeBarePage(bareDir);
    const before = await readRendererChunks(oneChunkDir);
    const split = await buildRenderer();
    const after = await readRendererChunks(split);
    report('screen.bare.bundle_one_chunk_js', scriptKb(before.all), 'KB');
    report('screen.bundle_initial_js', scriptKb(after.initial), 'KB');
    report('screen.bundle_initial_js_gzip', scriptKb(after.initial, 'gzipBytes'), 'KB');
    report('screen.bundle_total_js', scriptKb(after.all), 'KB');

    const served = async (rendererDir: string) => {
      const bridge = await startHttpBridge({ console, rendererDir });
      bridges.push(bridge);
      return bridge.url;
    };
    const dirs: Record<Variant, string> = { bare: bareDir, before: oneChunkDir, after: split };
    const urls: Record<Variant, string> = {
      bare: await served(bareDir),
      before: await served(oneChunkDir),
      after: await served(split),
    };
    const http = await sampleVariants(async (v) => ({
      page: await browser.newPage({ width: 1280, height: 800 }),
      url: urls[v],
    }));
    reportWayIn(
      report,
      {
        bare: 'first_paint_bridge_only',
        before: 'first_paint_one_chunk',
        after: 'first_paint_interactive',
      },
      http,
    );
    // From the app's first script request: without the harness's bridge script before it.
    report('screen.bare.first_paint_app_share_one_chunk', mid(http.before, 'app'), 'ms');
    report('screen.first_paint_app_share', mid(http.after, 'app'), 'ms');

    // As the packaged window: file: URLs, the bridge a binding (its calls cross the DevTools
    // protocol, a little slower than Electron's IPC; the bare page pays the same).
    fileBrowser = await launchFileBrowser();
    const opened = fileBrowser;
    const dispatch = (name: string, input: unknown) => console.dispatch(name, input);
    const file = await sampleVariants(async (v) => ({
      page: await newFilePage(opened, dispatch),
      url: indexFileUrl(dirs[v]),
    }));
    reportWayIn(
      report,
      {
        bare: 'first_paint_file_bare',
        before: 'first_paint_file_one_chunk',
        after: 'first_paint_file',
      },
      file,
    );
  } finally {
    await fileBrowser?.close();
    for (const bridge of bridges) await bridge.close();
    await rm(oneChunkDir, { recursive: true, force: true });
    await rm(bareDir, { recursive: true, force: true });
  }
}

/**
 * The first paint alone, over a console with the sandbox account (the screen bench runs it over
 * its one-sale ledger): node --import tsx test/bench/first-paint.ts
 */
async function benchFirstPaintAlone(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'cc-bench-first-paint-'));
  const cc = await createConsole({
    dataDir,
    secrets: createMemorySecrets(),
    env: {},
    live: { autoStart: false },
  });
  let browser: BrowserSession | undefined;
  try {
    const added = await cc.call('accounts.useSandbox', {});
    if (!added.ok) throw new Error(added.error.message);
    // The sandbox account's catalogue is in the store before the first page asks for it.
    await sandboxCatalogueReady(cc);
    browser = await launchBrowser();
    await benchFirstPaint(createReporter([]), browser, cc);
  } finally {
    await browser?.close();
    await cc.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await benchFirstPaintAlone();
}
