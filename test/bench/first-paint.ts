// First paint (issue 16): from navigation to the first screen interactive (the Links heading and
// its New link button painted, then the main thread free for the next task), in Chromium, each
// sample a fresh browser context (cold cache), and the bundle's sizes. Baselines, same run: the
// same renderer built as one chunk, as it shipped before the split; and a page that only asks
// app.info through the test's HTTP bridge and shows the same heading and button, which is the
// harness's own share (its bridge script is an unminified 800 KB bundle Electron does not load).
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import react from '@vitejs/plugin-react';
import { build } from 'vite';
import type { BrowserSession } from '../support/browser';
import { startHttpBridge, type BridgedConsole, type HttpBridge } from '../support/http-bridge';
import { buildRenderer } from '../support/renderer-build';
import { readRendererChunks, scriptKb } from '../support/renderer-chunks';
import { median, type Report } from './report';

const SAMPLES = 9;

// Runs before the page's scripts (an init script), so it is a string like WATCH_ROWS.
const WATCH_FIRST_SCREEN = `(() => {
  const shown = () =>
    document.querySelector('h1')?.textContent === 'Links' &&
    [...document.querySelectorAll('button')].some((b) => b.textContent === 'New link');
  const watcher = new MutationObserver(() => {
    if (!shown()) return;
    watcher.disconnect();
    // A timeout set inside an animation frame runs once that frame is painted and any long
    // task queued before it has finished: then a click would be handled.
    requestAnimationFrame(() => setTimeout(() => { window.__interactiveAt = performance.now(); }, 0));
  });
  watcher.observe(document, { childList: true, subtree: true });
})()`;

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
}

/** When the Links screen became interactive in a fresh context (cold cache). */
async function firstScreenAt(browser: BrowserSession, url: string): Promise<FirstScreen> {
  const page = await browser.newPage({ width: 1280, height: 800 });
  try {
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
    return (await at.jsonValue()) as FirstScreen;
  } finally {
    await page.context().close();
  }
}

export async function benchFirstPaint(
  report: Report,
  browser: BrowserSession,
  console: BridgedConsole,
): Promise<void> {
  const oneChunkDir = await mkdtemp(join(tmpdir(), 'cc-bench-one-chunk-'));
  const bareDir = await mkdtemp(join(tmpdir(), 'cc-bench-bare-page-'));
  const bridges: HttpBridge[] = [];
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
    const urls = { bare: await served(bareDir), before: await served(oneChunkDir) };
    const afterUrl = await served(split);
    const samples = {
      bare: [] as FirstScreen[],
      before: [] as FirstScreen[],
      after: [] as FirstScreen[],
    };
    // Interleaved, so a burst of load from other work on the machine hits all three alike.
    for (let i = 0; i < SAMPLES; i++) {
      samples.bare.push(await firstScreenAt(browser, urls.bare));
      samples.before.push(await firstScreenAt(browser, urls.before));
      samples.after.push(await firstScreenAt(browser, afterUrl));
    }
    const mid = (of: FirstScreen[], part: keyof FirstScreen) => median(of.map((s) => s[part]));
    report('screen.bare.first_paint_bridge_only', mid(samples.bare, 'total'), 'ms');
    report('screen.bare.first_paint_one_chunk', mid(samples.before, 'total'), 'ms');
    report('screen.first_paint_interactive', mid(samples.after, 'total'), 'ms', '< 300 ms');
    report(
      'screen.first_paint_interactive_max',
      Math.max(...samples.after.map((s) => s.total)),
      'ms',
    );
    // From the app's first script request: without the harness's bridge script before it.
    report('screen.bare.first_paint_app_share_one_chunk', mid(samples.before, 'app'), 'ms');
    report('screen.first_paint_app_share', mid(samples.after, 'app'), 'ms');
  } finally {
    for (const bridge of bridges) await bridge.close();
    await rm(oneChunkDir, { recursive: true, force: true });
    await rm(bareDir, { recursive: true, force: true });
  }
}
