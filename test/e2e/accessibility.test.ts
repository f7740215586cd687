import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { startApp } from '../support/app-harness';
import { seriousViolations } from '../support/axe-scan';
import { useBrowser, waitForText, type Viewport } from '../support/browser';
import { expectRefused, waitForFirstRun } from '../support/page-checks';
import { goToScreen, openRenderer } from '../support/renderer-pages';
import { sellJohnsCourse } from './journey-steps';

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

/**
 * Every screen a merchant reaches, in the order they reach it, scanned by axe-core where it
 * stands; returns every serious or critical finding, so one run lists them all.
 */
async function scanEveryScreen(viewport: Viewport): Promise<string[]> {
  const { page } = await startApp(browser, { viewport });
  const found: string[] = [];
  const scan = async (where: string) => found.push(...(await seriousViolations(page, where)));

  await waitForFirstRun(page);
  await scan('first run');

  const { row } = await sellJohnsCourse(page, 'documented');
  await waitForText(row, 'Sourdough Baking Course');
  await scan('Fulfilments with a sale');
  await row.getByRole('button', { name: 'John Doe' }).click();
  const detail = page.getByRole('dialog', { name: /from John Doe/ });
  await detail.getByText('Raw event').click();
  await waitForText(detail.locator('.raw-body'), 'checkout.succeeded');
  await scan('sale detail with its raw event open');
  await page.keyboard.press('Escape');
  await detail.waitFor({ state: 'detached' });

  await goToScreen(page, 'Links');
  await page.getByRole('list', { name: 'Links' }).getByText('john@doe.com').waitFor();
  await scan('Links list');
  await page.getByRole('button', { name: 'New link', exact: true }).click();
  await page.getByRole('heading', { level: 2, name: 'New link' }).waitFor();
  await scan('New link form, empty');
  await page.getByLabel('Email', { exact: true }).fill('jane@example');
  await page.getByRole('combobox', { name: 'Product' }).fill('sourdough');
  await page.getByRole('option', { name: /Sourdough Baking Course/ }).click();
  // Read out as text (an output is a status), not only as a label no reader announces.
  await waitForText(page.getByRole('status').filter({ hasText: 'Line total' }), /Line total: €\d/);
  await page.getByRole('button', { name: 'Create link' }).click();
  await expectRefused(page.getByLabel('Email', { exact: true }), [
    'Enter a valid email address, like jane@example.com.',
  ]);
  await scan('New link form with an error');

  await goToScreen(page, 'Activity');
  const activity = page.getByRole('list', { name: 'Activity' });
  await activity
    .getByText(/ paid /)
    .first()
    .waitFor();
  await scan('Activity');
  await activity.getByRole('button', { name: 'View raw event' }).first().click();
  const event = page.getByRole('dialog', { name: /^Event \d+/ });
  await waitForText(event.locator('.raw-body'), 'checkout.succeeded');
  await scan('Activity raw event');
  await page.keyboard.press('Escape');
  await event.waitFor({ state: 'detached' });

  await goToScreen(page, 'Settings');
  const sections = page.getByRole('navigation', { name: 'Settings sections' });
  for (const section of ['Accounts', 'Link defaults', 'Webhooks and tunnel', 'Fulfilment']) {
    await sections.getByRole('button', { name: section }).click();
    await page.getByRole('heading', { level: 2, name: section }).waitFor();
    await scan(`Settings › ${section}`);
  }
  return found;
}

describe('axe-core on every screen', () => {
  for (const viewport of [
    { width: 1280, height: 800 },
    { width: 900, height: 700 },
  ]) {
    it(`finds no serious or critical violation at ${viewport.width}×${viewport.height}`, async () => {
      expect(await scanEveryScreen(viewport)).toEqual([]);
    }, 180_000);
  }
});
