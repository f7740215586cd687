// Issue 16, "First paint": the first screen's code holds neither the chart library nor the
// other screens (Settings, Fulfilments, Activity); the window fetches those as chunks of their
// own, relative to the page (file: URLs), and still opens each of them at once when asked.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Page, type Route } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_PATH } from '../../support/browser';
import { buildRenderer } from '../../support/renderer-build';
import { readRendererChunks, type RendererChunks } from '../../support/renderer-chunks';
import { goToScreen, useRendererPages } from '../../support/renderer-pages';
import { createDeskFake, makeSales } from './desk-fake-console';

const pages = useRendererPages();
let rendererDir = '';
let chunks: RendererChunks;

beforeAll(async () => {
  rendererDir = await buildRenderer();
  chunks = await readRendererChunks(rendererDir);
}, 120_000);

// Words only that part's code holds.
const later = {
  'the chart library': 'recharts-bar-rectangle',
  'the Settings screen': 'Settings sections',
  'the Fulfilments screen': 'Sales totals',
  'the Activity screen': 'Everything Quaderno sent (raw)',
};

describe('the first screen’s bundle', () => {
  it.each(Object.entries(later))('leaves out %s', (_, words) => {
    const holding = (files: RendererChunks['all']) =>
      files.filter((f) => f.text.includes(words)).map((f) => f.file);
    expect(holding(chunks.all)).not.toEqual([]);
    expect(holding(chunks.initial)).toEqual([]);
  });

  it('imports its chunks relative to itself, as file: URLs need', () => {
    for (const f of chunks.all.filter((c) => c.file.endsWith('.js'))) {
      const absolute = [...f.text.matchAll(/\bimport\s*\(\s*["'`](\/[^"'`]*)["'`]/g)];
      expect(
        absolute.map((m) => m[1]),
        f.file,
      ).toEqual([]);
    }
  });
});

/**
 * The app on the Links screen with the Settings chunk's fetches answered by `answer`, then
 * Settings clicked. Loaded again under the route: the first load may have fetched it ahead.
 */
async function openSettingsThrough(answer: (route: Route) => Promise<void>): Promise<Page> {
  const p = await pages.open(createDeskFake());
  await p.route(/\/settings-screen-[^/]*\.js$/, answer);
  await p.reload();
  await p.getByRole('heading', { level: 1, name: 'Links' }).waitFor();
  await p
    .getByRole('navigation', { name: 'Main' })
    .getByRole('button', { name: 'Settings' })
    .click();
  return p;
}

describe('screens in chunks of their own', () => {
  it('open from the navigation under the page’s CSP, focus on their heading, chart drawn', async () => {
    const p = await pages.open(createDeskFake({ sales: makeSales(3) }));
    await p.getByRole('heading', { level: 1, name: 'Links' }).waitFor();
    for (const screen of ['Settings', 'Activity', 'Fulfilments']) {
      await goToScreen(p, screen);
      await expect.poll(() => p.evaluate(() => document.activeElement?.textContent)).toBe(screen);
    }
    await p.getByRole('img', { name: /Revenue per day for the last 30 days/ }).waitFor();
    await p.locator('.recharts-bar-rectangle').first().waitFor();
  });

  it('keep the frame while a screen’s code is still loading, then focus its heading', async () => {
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const p = await openSettingsThrough(async (route) => {
      await held;
      await route.continue();
    });
    await p.locator('main [aria-busy="true"]').getByText('Loading…').waitFor();
    expect(await p.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(true);
    release();
    await p.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    await expect.poll(() => p.evaluate(() => document.activeElement?.textContent)).toBe('Settings');
  });

  it('say so when a screen’s code cannot be loaded, and load it on Try again', async () => {
    let refuse = true;
    const p = await openSettingsThrough((route) => (refuse ? route.abort() : route.continue()));
    const alert = p.getByRole('alert').filter({ hasText: 'This screen could not be opened.' });
    await alert.waitFor();
    refuse = false;
    await alert.getByRole('button', { name: 'Try again' }).click();
    await p.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    // The refused fetches are the page's only complaints.
    expect(() => pages.browser.assertNoProblems()).toThrow(/settings-screen/);
  });
});

// The packaged window loads index.html from disk; Electron lets a file: page load file: modules,
// which Chromium does with this switch. The bridge is the console double's dispatch, called
// through a binding (no HTTP: a file: page's CSP allows no connection to 127.0.0.1).
const IN_PAGE_BRIDGE = `(() => {
  const violations = (window.__violations = []);
  document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective + ' ' + e.blockedURI));
  window.checkoutConsole = {
    invoke: async (name, input) => {
      const envelope = await window.__dispatch(name, input ?? {});
      if (envelope.ok) return envelope.value;
      throw Object.assign(new Error(envelope.error.message), envelope.error);
    },
    on: () => () => undefined,
  };
})()`;

describe('loaded from a file: URL, as the packaged app is', () => {
  it('shows the first screen and opens the screens in their own chunks under the page’s CSP', async () => {
    const browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--allow-file-access-from-files'],
    });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      const fake = createDeskFake({ sales: makeSales(3) });
      await page.exposeFunction('__dispatch', (name: string, input: unknown) =>
        fake.dispatch(name, input),
      );
      await page.addInitScript(IN_PAGE_BRIDGE);
      await page.goto(pathToFileURL(join(rendererDir, 'index.html')).href);
      await page.getByRole('heading', { level: 1, name: 'Links' }).waitFor();
      for (const screen of ['Settings', 'Fulfilments']) await goToScreen(page, screen);
      await page.locator('.recharts-bar-rectangle').first().waitFor();
      expect(
        await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations),
      ).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
