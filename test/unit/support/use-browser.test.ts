// The browser-test harness itself: what a test opens closes after it, what the file opens
// stays for the file, and waitForText waits for the page instead of reading it once.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBrowser, waitForText } from '../../support/browser';

const browser = useBrowser({ renderer: false });
let filePage: Page;
let testPage: Page | undefined;

beforeAll(async () => {
  filePage = await browser.newPage();
});

describe('one browser per test file', () => {
  it('opens a page for the test that asks', async () => {
    testPage = await browser.newPage();
    expect(testPage.isClosed()).toBe(false);
  });

  it('has closed the previous test’s page, and keeps the file’s page open', () => {
    expect(testPage?.isClosed()).toBe(true);
    expect(filePage.isClosed()).toBe(false);
  });

  it('waits for text the page shows later, and returns it', async () => {
    const page = await browser.newPage();
    await page.setContent('<p id="status">Loading…</p>');
    await page.evaluate(() => {
      setTimeout(() => {
        const status = document.getElementById('status');
        if (status) status.textContent = 'Saved 3 sales';
      }, 200);
    });
    expect(await waitForText(page.locator('#status'), /Saved \d sales/)).toBe('Saved 3 sales');
  });
});
