// The built renderer in Chromium against a console double, for what the real
// console cannot be made to do on demand (losing the connection).
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { saveScreenshot, waitForText } from '../../support/browser';
import { useRendererPages } from '../../support/renderer-pages';
import { createFakeConsole, sampleAccount, type FakeConsole } from './fake-console';

const pages = useRendererPages();
let fake: FakeConsole;

beforeAll(() => {
  fake = createFakeConsole({ active: sampleAccount });
});

async function open(): Promise<Page> {
  const page = await pages.open(fake);
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
      await expect.poll(() => current.textContent()).toBe(name);
    }
  });

  it('warns while main reports the connection lost, and clears the warning when it is back', async () => {
    const p = await open();
    fake.emit('connectivity.changed', { online: false, reason: 'Quaderno cannot be reached.' });
    const banner = p.getByRole('status').filter({ hasText: 'Offline.' });
    await banner.waitFor();
    await waitForText(banner, 'Quaderno cannot be reached.');
    await saveScreenshot(p, 'offline-banner-1280x800');
    fake.emit('connectivity.changed', { online: true, reason: null });
    await banner.waitFor({ state: 'detached' });
  });
});
