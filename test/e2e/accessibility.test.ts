import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type BrowserSession } from '../support/browser';
import { startHttpBridge } from '../support/http-bridge';
import { buildRenderer } from '../support/renderer-build';
import { openApp, startApp, type RunningApp } from './app-harness';

let browser: BrowserSession;
let app: RunningApp | null = null;
let page: Page | null = null;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterEach(async () => {
  await page?.context().close();
  page = null;
  await app?.close();
  app = null;
  browser.assertNoProblems();
});

afterAll(async () => {
  await browser?.close();
});

/** The accessible name of the focused element and whether a focus outline is drawn. */
function focused(p: Page) {
  return p.evaluate(() => {
    const el = document.activeElement;
    if (!(el instanceof HTMLElement) || el === document.body) return null;
    const style = getComputedStyle(el);
    const label = el.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent : null;
    return {
      name: (label ?? el.textContent ?? '').trim(),
      outlined: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
    };
  });
}

describe('keyboard and focus', () => {
  it('lets a merchant start the sandbox with the keyboard alone, with focus always visible', async () => {
    app = await startApp();
    page = await browser.newPage();
    await openApp(page, app);
    await page.getByRole('button', { name: 'Try the built-in sandbox' }).waitFor();

    const visited: string[] = [];
    for (let i = 0; i < 10 && visited.at(-1) !== 'Try the built-in sandbox'; i += 1) {
      await page.keyboard.press('Tab');
      const now = await focused(page);
      expect(now, 'Tab moved focus to nothing').not.toBeNull();
      expect(now?.outlined, `no visible focus on ${now?.name}`).toBe(true);
      visited.push(now?.name ?? '');
    }
    expect(visited).toEqual([
      'Connect your Quaderno account',
      'The sandbox answers',
      'Try the built-in sandbox',
    ]);

    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Links' }).waitFor();
  });

  it('moves focus to the new screen’s heading after navigating', async () => {
    app = await startApp();
    expect(await app.console.call('accounts.useSandbox', {})).toMatchObject({ ok: true });
    page = await browser.newPage();
    await openApp(page, app);
    await page.getByRole('heading', { level: 1, name: 'Links' }).waitFor();
    await page.getByRole('button', { name: 'Settings', exact: true }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    const p = page;
    await expect.poll(() => p.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    await expect.poll(() => p.evaluate(() => document.activeElement?.textContent)).toBe('Settings');
  });

  it('puts the cursor in the first field when the connect form opens', async () => {
    app = await startApp();
    page = await browser.newPage();
    await openApp(page, app);
    await page.getByRole('button', { name: 'Connect your Quaderno account' }).click();
    await page.getByLabel('Account name or API URL').waitFor();
    const p = page;
    await expect.poll(async () => (await focused(p))?.name).toBe('Account name or API URL');
  });
});

describe('without the console bridge', () => {
  it('explains that the window must be opened by the app', async () => {
    const bridge = await startHttpBridge({
      console: {
        call: () => Promise.reject(new Error('no call expected')),
        onAny: () => () => undefined,
      },
      rendererDir: await buildRenderer(),
      injectBridge: false,
    });
    try {
      page = await browser.newPage();
      await page.goto(bridge.url);
      await page.getByRole('heading', { name: 'Checkout Console cannot start' }).waitFor();
      const p = page;
      await expect
        .poll(() => p.getByRole('main').textContent())
        .toContain('open Checkout Console again');
      await page.context().close();
      page = null;
    } finally {
      await bridge.close();
    }
  });
});
