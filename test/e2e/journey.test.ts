// The whole journey of a new merchant, end to end: the built renderer in
// Chromium, the real console (links, live receiver, desk) and the built-in
// sandbox on 127.0.0.1. Onboarding → sandbox → a link → paid in a second tab →
// the sale appears live → fulfilled → exported → Quaderno gone: history stays.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsole, type CheckoutConsole } from '../../main/console';
import { createMemorySecrets } from '../../main/secrets';
import { launchBrowser, saveScreenshot, type BrowserSession } from '../support/browser';
import { startHttpBridge, type HttpBridge } from '../support/http-bridge';
import { buildRenderer } from '../support/renderer-build';
import { createJohnsLink, startInSandbox } from './journey-steps';

let browser: BrowserSession;
let dataDir: string;
let console_: CheckoutConsole;
let bridge: HttpBridge;
let page: Page;
const saved: string[] = [];

beforeAll(async () => {
  const rendererDir = await buildRenderer();
  browser = await launchBrowser();
  dataDir = await mkdtemp(join(tmpdir(), 'checkout-console-journey-'));
  console_ = await createConsole({
    dataDir,
    secrets: createMemorySecrets(),
    env: {},
    // The save dialog answers with a file in the temp folder.
    saveFile: async (name, content) => {
      const path = join(dataDir, name);
      await writeFile(path, content, 'utf8');
      saved.push(path);
      return path;
    },
  });
  bridge = await startHttpBridge({ console: console_, rendererDir });
}, 120_000);

afterAll(async () => {
  await page?.context().close();
  await bridge?.close();
  await console_?.close();
  await browser?.close();
  await rm(dataDir, { recursive: true, force: true });
});

const nav = (p: Page) => p.getByRole('navigation', { name: 'Main' });
async function go(p: Page, screen: string) {
  await nav(p)
    .getByRole('button', { name: new RegExp(`^${screen}`) })
    .click();
  await p.getByRole('heading', { level: 1, name: screen }).waitFor();
}

/** Every screen at both window sizes the issue names, for a person to look at. */
async function screenshotAll(p: Page, stage: string) {
  for (const size of [
    { width: 1280, height: 800 },
    { width: 900, height: 700 },
  ]) {
    await p.setViewportSize(size);
    for (const screen of ['Links', 'Fulfilments', 'Activity', 'Settings']) {
      await go(p, screen);
      await saveScreenshot(
        p,
        `journey-${stage}-${screen.toLowerCase()}-${size.width}x${size.height}`,
      );
    }
  }
  await p.setViewportSize({ width: 1280, height: 800 });
}

describe('a new merchant’s first sale', () => {
  it('goes from onboarding to a paid, fulfilled and exported sale, live', async () => {
    page = await browser.newPage({ width: 1280, height: 800 });
    await page
      .context()
      .grantPermissions(['clipboard-read', 'clipboard-write'], { origin: bridge.url });
    await page.goto(bridge.url);
    await bridge.waitForEventClients(1);

    // The sandbox as documented; journey-observed.test.ts walks the observed one (tax on top).
    await startInSandbox(page, 'documented');
    const permalink = await createJohnsLink(page);
    expect(permalink).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);

    await go(page, 'Fulfilments');
    await page.getByRole('heading', { name: 'Nothing to fulfil yet' }).waitFor();
    await page
      .getByRole('region', { name: 'Live status' })
      .getByText(/listening on port \d+/)
      .waitFor();

    // The customer pays in another tab; the desk must show it without a reload.
    const checkout = await page.context().newPage();
    await checkout.goto(permalink);
    const paidAt = Date.now();
    await checkout.getByRole('button', { name: 'Pay' }).click();
    await checkout.getByRole('heading', { name: 'Payment complete' }).waitFor();

    const row = page.locator('.sale-row').filter({ hasText: 'john@doe.com' });
    await row.waitFor({ timeout: 20_000 });
    const shownAfterMs = Date.now() - paidAt;
    // A figure for the issue note, not an assertion on time.
    process.stdout.write(`journey: payment click to row on screen ${shownAfterMs} ms\n`);
    // Read as outcomes to wait for: the row can be re-rendered while its sale is refreshed.
    await expect.poll(() => row.getAttribute('class')).toContain('sale-row-arrived');
    await expect.poll(() => row.textContent()).toContain('Sourdough Baking Course');
    await expect.poll(() => row.textContent()).toContain('€');
    await nav(page).getByLabel('1 to deliver').waitFor();
    await saveScreenshot(page, 'journey-sale-arrived-1280x800');
    await checkout.close();

    await row.getByRole('button', { name: 'Mark fulfilled' }).click();
    await row.getByText('Fulfilled').waitFor();
    await expect
      .poll(() =>
        nav(page)
          .getByLabel(/to deliver/)
          .count(),
      )
      .toBe(0);

    // Clicking the sale's desktop notification (main emits this) opens it from any screen.
    const listed = await console_.call('fulfillments.list', {});
    if (!listed.ok) throw new Error(listed.error.message);
    const [sale] = (listed.value as { items: Array<{ id: number }> }).items;
    await go(page, 'Links');
    console_.emit('desk.focusFulfillment', { id: sale!.id });
    const detail = page.getByRole('dialog', { name: /€49\.00 from John Doe/ });
    await detail.waitFor();
    // The raw event loads after the dialog opens ("Loading…" first; folded away, so not
    // visible): wait for its text, then close.
    await expect.poll(() => detail.textContent()).toContain('checkout.succeeded');
    await page.keyboard.press('Escape');
    await detail.waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'Export CSV' }).click();
    await page.getByText(/Saved 1 sale to /).waitFor();
    const csv = await readFile(saved.at(-1) ?? '', 'utf8');
    expect(csv).toContain('john@doe.com');
    expect(csv).toMatch(/fulfilled/i);

    await screenshotAll(page, 'online');
  }, 120_000);

  it('keeps the history readable once Quaderno is gone, and says why a link cannot be made', async () => {
    await console_.stopSandbox();

    // Everything already received still reads from SQLite.
    await go(page, 'Fulfilments');
    await page.locator('.sale-row').filter({ hasText: 'john@doe.com' }).waitFor();
    await go(page, 'Activity');
    await page
      .getByRole('list', { name: 'Activity' })
      .getByText(/checkout\.succeeded/)
      .first()
      .waitFor();

    // The first call that needs Quaderno fails with a reason, keeps what was typed, and the app goes offline.
    await go(page, 'Links');
    await page.getByRole('button', { name: 'New link' }).click();
    await page.getByLabel('Email', { exact: true }).fill('ann@doe.com');
    await page.getByRole('combobox', { name: 'Product' }).fill('sourdough');
    await page.getByRole('option', { name: /Sourdough Baking Course/ }).click();
    await page.getByRole('button', { name: 'Create link' }).click();
    const why = page.getByRole('alert').filter({ hasText: /stopped|cannot be reached|offline/i });
    await why.waitFor();
    process.stdout.write(`journey: offline link message: ${await why.first().textContent()}\n`);
    await expect
      .poll(() => page.getByLabel('Email', { exact: true }).inputValue())
      .toBe('ann@doe.com');
    await page.getByRole('status').filter({ hasText: 'Offline.' }).waitFor({ timeout: 20_000 });
    const sync = page
      .getByRole('region', { name: 'Live status' })
      .getByRole('button', { name: 'Sync now' });
    await expect.poll(() => sync.isDisabled()).toBe(true);
    await saveScreenshot(page, 'journey-offline-link-1280x800');
    await screenshotAll(page, 'offline');
  }, 120_000);
});
