// The offline banner's Restart sandbox, in Chromium against the real console (issue 17, Honest
// offline): after the built-in sandbox stops, the button starts it again and the banner goes.
import { describe, it } from 'vitest';
import { startApp } from '../support/app-harness';
import { useBrowser, waitForText } from '../support/browser';

const browser = useBrowser();

describe('Restart sandbox', () => {
  it('brings a stopped sandbox back, and the offline banner goes', async () => {
    const app = await startApp(browser, { sandbox: true, live: { autoStart: false } });
    const p = app.page;
    await p.getByRole('heading', { level: 1, name: 'Links' }).waitFor();
    await app.console.stopSandbox();
    const banner = p.locator('.offline-banner');
    await waitForText(banner, 'sandbox is stopped');

    await banner.getByRole('button', { name: 'Restart sandbox' }).click();
    await banner.waitFor({ state: 'detached' });
    await p.getByRole('button', { name: 'New link', exact: true }).click();
    await p.getByRole('combobox', { name: 'Product' }).fill('sourdough');
    await p.getByRole('option', { name: /Sourdough Baking Course/ }).waitFor();
  });
});
