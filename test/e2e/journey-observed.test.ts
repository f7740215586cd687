// The journey's main case against the sandbox imitating the real Quaderno as observed
// (main/sandbox/README.md, "Profiles"): onboarding picks "as observed", a link is made from a
// catalogue that names no currency, the customer pays, and the sale arrives live with the tax
// Quaderno added on top of the price (21% on a €49.00 course: €59.29).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsole, type CheckoutConsole } from '../../main/console';
import { createMemorySecrets } from '../../main/secrets';
import { launchBrowser, type BrowserSession } from '../support/browser';
import { startHttpBridge, type HttpBridge } from '../support/http-bridge';
import { buildRenderer } from '../support/renderer-build';
import { createJohnsLink, startInSandbox } from './journey-steps';

let browser: BrowserSession;
let dataDir: string;
let console_: CheckoutConsole;
let bridge: HttpBridge;
let page: Page;

beforeAll(async () => {
  const rendererDir = await buildRenderer();
  browser = await launchBrowser();
  dataDir = await mkdtemp(join(tmpdir(), 'checkout-console-journey-observed-'));
  console_ = await createConsole({ dataDir, secrets: createMemorySecrets(), env: {} });
  bridge = await startHttpBridge({ console: console_, rendererDir });
}, 120_000);

afterAll(async () => {
  await page?.context().close();
  await bridge?.close();
  await console_?.close();
  await browser?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('a first sale against the observed sandbox', () => {
  it('goes from onboarding to a paid sale shown live, tax included', async () => {
    page = await browser.newPage({ width: 1280, height: 800 });
    await page.goto(bridge.url);
    await bridge.waitForEventClients(1);

    await startInSandbox(page, 'observed');
    const permalink = await createJohnsLink(page);

    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('button', { name: /^Fulfilments/ })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Fulfilments' }).waitFor();
    await page
      .getByRole('region', { name: 'Live status' })
      .getByText(/listening on port \d+/)
      .waitFor();

    const checkout = await page.context().newPage();
    await checkout.goto(permalink);
    await checkout.getByRole('button', { name: 'Pay' }).click();
    await checkout.getByRole('heading', { name: 'Payment complete' }).waitFor();
    await checkout.close();

    const row = page.locator('.sale-row').filter({ hasText: 'john@doe.com' });
    await row.waitFor({ timeout: 20_000 });
    await expect.poll(() => row.textContent()).toContain('Sourdough Baking Course');
    await expect.poll(() => row.textContent()).toContain('59.29');
  });
});
