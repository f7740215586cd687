// Issue 16, "First paint": the first screen's code holds neither the chart library nor the
// other screens (Settings, Fulfilments, Activity); the window fetches those as chunks of their
// own, relative to the page (file: URLs), and still opens each of them at once when asked.
import type { Page, Route } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { indexFileUrl, launchFileBrowser, newFilePage } from '../../support/file-page';
import { onFirstScreen } from '../../support/first-screen-watch';
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

  // The contract's values the page uses live in zod-free modules (preload/error-payload.ts,
  // session-statuses.ts…): a schema library in the page would be parsed before it paints.
  it('holds no schema library anywhere: zod stays in main and the preload', () => {
    const withZod = chunks.all.filter((f) => f.text.includes('$ZodType')).map((f) => f.file);
    expect(withZod).toEqual([]);
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

// Init scripts, run before the page's scripts: each Intl formatter built is noted, and the list
// as it was when the Links screen first showed.
const WATCH_INTL = `(() => {
  window.__intlBuilt = [];
  for (const name of ['NumberFormat', 'DateTimeFormat', 'DisplayNames', 'PluralRules', 'Collator', 'RelativeTimeFormat', 'ListFormat']) {
    const Real = Intl[name];
    Intl[name] = new Proxy(Real, {
      construct(target, args, newTarget) { window.__intlBuilt.push(name); return Reflect.construct(target, args, newTarget); },
    });
  }
})()`;
const INTL_AT_FIRST_SCREEN = onFirstScreen('window.__intlAtFirstScreen = [...window.__intlBuilt];');

describe('the first screen’s start', () => {
  // The page's first Intl formatter loads ICU's data for its kind: 80–250 ms of the main thread
  // on our machines, paid before the first paint when a module builds one as it loads (a
  // formatter kept at module level in product-price.ts once did). The Links screen with no
  // links formats nothing: formatters are built on first use.
  it('builds no Intl formatter before the Links screen shows', async () => {
    const p = await pages.open(createDeskFake());
    await p.addInitScript(WATCH_INTL);
    await p.addInitScript(INTL_AT_FIRST_SCREEN);
    await p.reload();
    await p.getByRole('heading', { level: 1, name: 'Links' }).waitFor();
    const built = await p.waitForFunction(
      () => (window as unknown as { __intlAtFirstScreen?: string[] }).__intlAtFirstScreen,
    );
    expect(await built.jsonValue()).toEqual([]);
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

describe('loaded from a file: URL, as the packaged app is', () => {
  it('shows the first screen and opens the screens in their own chunks under the page’s CSP', async () => {
    const browser = await launchFileBrowser();
    try {
      const fake = createDeskFake({ sales: makeSales(3) });
      const page = await newFilePage(browser, (name, input) => fake.dispatch(name, input));
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      await page.goto(indexFileUrl(rendererDir));
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
