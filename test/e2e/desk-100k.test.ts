// The desk over a real SQLite ledger of 100,000 sales: the built renderer in
// Chromium, the real console and desk queries. Prints figures for the issue
// note; asserts only what the merchant sees (rows, counts, the oldest reachable).
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../main/console';
import { createFulfillmentsRepo } from '../../main/store';
import { startApp, type RunningApp } from '../support/app-harness';
import { saveScreenshot, useBrowser } from '../support/browser';
import { withRawDb } from '../support/raw-db';
import { newFulfillment } from '../support/sale-fixtures';

const SALES = 100_000;
const browser = useBrowser();
let app: RunningApp;

function figure(name: string, ms: number) {
  process.stdout.write(`desk-100k: ${name} ${Math.round(ms)} ms\n`);
}

beforeAll(async () => {
  // The window opens in the test, once the ledger is written.
  app = await startApp(browser, { live: { autoStart: false }, page: false });
  const { console: cc, dataDir } = app;
  const added = await cc.call('accounts.useSandbox', {});
  if (!added.ok) throw new Error(added.error.message);
  const accountId = (added.value as { id: number }).id;

  // A second connection writes the ledger, as the receiver would, in one transaction.
  withRawDb(join(dataDir, DATABASE_FILE), (db) => {
    const repo = createFulfillmentsRepo(db);
    const start = Date.UTC(2026, 0, 1);
    db.transaction(() => {
      for (let i = 1; i <= SALES; i += 1) {
        repo.record(
          accountId,
          newFulfillment({
            sessionId: 100_000 + i,
            customerEmail: `buyer${i}@example.com`,
            customerName: `Buyer ${i}`,
            products: [{ code: 'UNICORN', name: 'Unicorn' }],
            amount: 1500,
            currency: i % 2 ? 'EUR' : 'USD',
            taxName: 'VAT',
            taxRate: 21,
            receivedAt: new Date(start + i * 60_000).toISOString(),
          }),
        );
      }
    })();
  });
}, 300_000);

describe('the desk with 100,000 sales in SQLite', () => {
  it('opens, scrolls to the oldest sale and searches, with only the visible rows in the page', async () => {
    const page: Page = await app.openPage({ viewport: { width: 1280, height: 800 } });
    await page.getByRole('heading', { level: 1, name: 'Links' }).waitFor();

    let t = performance.now();
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('button', { name: /^Fulfilments/ })
      .click();
    await page
      .locator('.sale-row')
      .filter({ hasText: `buyer${SALES}@example.com` })
      .waitFor({ timeout: 60_000 });
    figure('screen open to newest row', performance.now() - t);
    await page.locator('.list-count').filter({ hasText: '100,000 sales' }).waitFor();
    expect(await page.locator('.sale-slot').count()).toBeLessThan(60);

    t = performance.now();
    await page.locator('.sale-scroller').evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await page
      .locator('.sale-row')
      .filter({ hasText: 'buyer1@example.com' })
      .waitFor({ timeout: 60_000 });
    figure('jump to the oldest row', performance.now() - t);
    expect(await page.locator('.sale-slot').count()).toBeLessThan(60);

    t = performance.now();
    await page.locator('.sale-scroller').evaluate((el) => el.scrollTo(0, el.scrollHeight / 2));
    await page
      .locator('.sale-row')
      .filter({ hasText: /buyer5\d{4}@example\.com/ })
      .first()
      .waitFor({ timeout: 60_000 });
    figure('jump to the middle', performance.now() - t);

    t = performance.now();
    await page.getByRole('searchbox').fill('buyer77777@example.com');
    await page
      .locator('.list-count')
      .filter({ hasText: '1 sale match' })
      .waitFor({ timeout: 60_000 });
    figure('search by email (incl. 250 ms typing pause)', performance.now() - t);
    await saveScreenshot(page, 'desk-100k-sqlite-1280x800');
  }, 180_000);
});
