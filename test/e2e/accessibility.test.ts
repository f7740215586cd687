import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { startApp } from '../support/app-harness';
import { useBrowser, waitForText } from '../support/browser';
import { waitForFirstRun } from '../support/page-checks';
import { openRenderer } from '../support/renderer-pages';

const browser = useBrowser();

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
    const { page } = await startApp(browser);
    await waitForFirstRun(page);

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
    const { page: p } = await startApp(browser, { sandbox: true });
    await p.getByRole('heading', { level: 1, name: 'Links' }).waitFor();
    await p.getByRole('button', { name: 'Settings', exact: true }).focus();
    await p.keyboard.press('Enter');
    await p.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    await expect.poll(() => p.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    await expect.poll(() => p.evaluate(() => document.activeElement?.textContent)).toBe('Settings');
  });

  it('puts the cursor in the first field when the connect form opens', async () => {
    const { page: p } = await startApp(browser);
    await p.getByRole('button', { name: 'Connect your Quaderno account' }).click();
    await p.getByLabel('Account name or API URL').waitFor();
    await expect.poll(async () => (await focused(p))?.name).toBe('Account name or API URL');
  });
});

describe('without the console bridge', () => {
  it('explains that the window must be opened by the app', async () => {
    const absent = {
      dispatch: () => Promise.reject(new Error('no call expected')),
      onAny: () => () => undefined,
    };
    const { page } = await openRenderer(browser, absent, { injectBridge: false });
    await page.getByRole('heading', { name: 'Checkout Console cannot start' }).waitFor();
    await waitForText(page.getByRole('main'), 'open Checkout Console again');
  });
});
