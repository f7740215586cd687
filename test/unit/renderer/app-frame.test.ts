// The built renderer in Chromium against a console double, for what the real
// console cannot be made to do on demand (losing the connection).
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, saveScreenshot, type BrowserSession } from '../../support/browser';
import { startHttpBridge, type HttpBridge } from '../../support/http-bridge';
import { buildRenderer } from '../../support/renderer-build';
import { createFakeConsole, sampleAccount, type FakeConsole } from './fake-console';

let browser: BrowserSession;
let fake: FakeConsole;
let bridge: HttpBridge;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  fake = createFakeConsole({ active: sampleAccount });
  bridge = await startHttpBridge({ console: fake, rendererDir: await buildRenderer() });
});

afterEach(async () => {
  await page?.context().close();
  browser.assertNoProblems();
});

afterAll(async () => {
  await bridge?.close();
  await browser?.close();
});

async function open(): Promise<Page> {
  page = await browser.newPage();
  await page.goto(bridge.url);
  await page.getByRole('heading', { level: 1, name: 'Links' }).waitFor();
  return page;
}

describe('the app frame', () => {
  it('marks the current screen in the navigation and shows its heading', async () => {
    const p = await open();
    for (const name of ['Fulfilments', 'Settings', 'Links']) {
      await p.getByRole('button', { name, exact: true }).click();
      await p.getByRole('heading', { level: 1, name }).waitFor();
      const current = p.getByRole('navigation', { name: 'Main' }).locator('[aria-current="page"]');
      expect(await current.textContent()).toBe(name);
    }
  });

  it('warns while main reports the connection lost, and clears the warning when it is back', async () => {
    const p = await open();
    await bridge.waitForEventClients(1);
    fake.emit('connectivity.changed', { online: false, reason: 'Quaderno cannot be reached.' });
    const banner = p.getByRole('status').filter({ hasText: 'Offline.' });
    await banner.waitFor();
    expect(await banner.textContent()).toContain('Quaderno cannot be reached.');
    await saveScreenshot(p, 'offline-banner-1280x800');
    fake.emit('connectivity.changed', { online: true, reason: null });
    await banner.waitFor({ state: 'detached' });
  });
});
