// The browser-test harness itself: what a test opens closes after it, what the file opens
// stays for the file, waitForText waits for the page instead of reading it once, and a failed
// test says what its pages showed.
import { existsSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { describePages, useBrowser, waitForText } from '../../support/browser';

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

  it('describes what each open page showed when a test fails, with a screenshot', async () => {
    const page = await browser.newPage();
    await page.setContent('<h1>Nothing to fulfil yet</h1><p role="status">Waiting for sales</p>');
    const shown = await describePages([page], 'emails a paid sale once');
    expect(shown).toContain('Page 1 of 1: about:blank');
    expect(shown).toContain('- heading "Nothing to fulfil yet" [level=1]');
    expect(shown).toContain('- status: Waiting for sales');
    const shot = /\((\/[^)]+\.png)\)/.exec(shown)?.[1] ?? '';
    expect(shot).toMatch(/failed\/emails-a-paid-sale-once-1\.png$/);
    expect(existsSync(shot)).toBe(true);
  });

  it('says a page was closed instead of failing to describe it', async () => {
    const page = await browser.newPage();
    await page.close();
    expect(await describePages([page], 'closed')).toMatch(/Page 1 of 1: .*\n\(no snapshot: /);
  });
});
