// A sale recorded from the session's items (sync, API confirmation) may leave tax out: the row
// and the detail say "before tax" until the webhook's amount, tax included, replaces it.
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type BrowserSession } from '../../support/browser';
import { startHttpBridge, type HttpBridge } from '../../support/http-bridge';
import { buildRenderer } from '../../support/renderer-build';
import { createDeskFake, makeSale, type DeskFake } from './desk-fake-console';

let browser: BrowserSession;
let rendererDir: string;
const running: HttpBridge[] = [];
let page: Page | undefined;

beforeAll(async () => {
  browser = await launchBrowser();
  rendererDir = await buildRenderer();
}, 120_000);

afterEach(async () => {
  await page?.context().close();
  page = undefined;
  await Promise.all(running.splice(0).map((b) => b.close()));
  browser.assertNoProblems();
});

afterAll(async () => {
  await browser?.close();
});

async function openDesk(fake: DeskFake): Promise<Page> {
  const bridge = await startHttpBridge({ console: fake, rendererDir });
  running.push(bridge);
  page = await browser.newPage();
  await page.goto(bridge.url);
  await bridge.waitForEventClients(1);
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('button', { name: /^Fulfilments/ })
    .click();
  await page.getByRole('heading', { level: 1, name: 'Fulfilments' }).waitFor();
  return page;
}

const rowOf = (p: Page, id: number) => p.locator(`.sale-row[data-sale-id="${id}"]`);

describe('amounts that may exclude tax', () => {
  it('shows "before tax" on a synced sale, in its row and its detail, and not on a webhook sale', async () => {
    const now = Date.now();
    const synced = makeSale(1, now - 60_000, {
      customerName: 'Synced Buyer',
      source: 'sync',
      amountSource: 'session_items',
      taxIncluded: null,
      taxName: null,
      taxRate: null,
    });
    const paid = makeSale(2, now, {
      customerName: 'Webhook Buyer',
      source: 'webhook',
      amountSource: 'webhook',
      taxIncluded: true,
    });
    const p = await openDesk(createDeskFake({ sales: [synced, paid] }));
    await rowOf(p, 2).waitFor();
    expect(await rowOf(p, 1).textContent()).toContain('Before tax');
    expect(await rowOf(p, 2).textContent()).not.toMatch(/before tax/i);

    await rowOf(p, 1).getByRole('button', { name: 'Synced Buyer' }).click();
    const dialog = p.getByRole('dialog', { name: /from Synced Buyer/ });
    await dialog.waitFor();
    const detail = (await dialog.textContent()) ?? '';
    expect(detail).toContain('Before tax');
    expect(detail).toContain('Quaderno may add tax at payment');
  });
});
