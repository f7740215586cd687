// A browser test that runs out of time says what it was still waiting for: vitest's "Test timed
// out" names no step, so useBrowser (test/support/browser.ts) records the Playwright waits in
// progress, with the test's frames that made each, and adds them to the failure.
import { describe, expect, it } from 'vitest';
import { useBrowser, waitForText, waitsInProgress } from '../support/browser';

const browser = useBrowser({ renderer: false });

describe('a browser test still waiting', () => {
  it('names the locator it waits for and the line of the test that waits', async () => {
    const page = await browser.newPage();
    await page.setContent('<h1>Links</h1>');
    const ready = page.getByRole('heading', { name: 'Link ready' }).waitFor();
    expect(waitsInProgress()).toEqual([
      expect.stringMatching(
        /^ {2}waitFor on getByRole\('heading', \{ name: 'Link ready' \}\) for \d+\.\d s, at .*test\/e2e\/waits-named\.test\.ts:\d+$/,
      ),
    ]);
    await page.setContent('<h1>Link ready</h1>');
    await ready;
    expect(waitsInProgress()).toEqual([]);
  });

  it('names a page wait by what it waits on, and a text it waits to read', async () => {
    const page = await browser.newPage();
    await page.setContent('<p id="status">Loading…</p>');
    const titled = page.waitForFunction(() => document.title === 'Saved');
    const saved = waitForText(page.locator('#status'), /Saved \d sales/);
    expect(waitsInProgress().join('\n')).toMatch(
      /page\.waitForFunction\(\(\) => document\.title === ['"]Saved['"]\)[^\n]*waits-named\.test\.ts:\d+\n.*text \/Saved \\d sales\/ in locator\('#status'\)/,
    );
    await page.evaluate(() => {
      document.title = 'Saved';
      document.getElementById('status')!.textContent = 'Saved 3 sales';
    });
    await Promise.all([titled, saved]);
    expect(waitsInProgress()).toEqual([]);
  });
});
