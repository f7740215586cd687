// Issue 15 in the real app (console, sandbox and renderer over the HTTP bridge): the one-time
// sale sound question sits on the desk after the sales and goes once answered; the tray's
// "New link…" (the desk.newLink event main sends) opens the link form from any screen.
import { describe, expect, it } from 'vitest';
import { startApp } from '../support/app-harness';
import { useBrowser } from '../support/browser';
import { goToScreen } from '../support/renderer-pages';

const browser = useBrowser();

describe('the desk at first run', () => {
  it('asks once whether to play a sound for each sale, and keeps the answer', async () => {
    const { page, console: cc } = await startApp(browser, { sandbox: true });
    await goToScreen(page, 'Fulfilments');
    const question = page.getByRole('region', { name: 'Play a sound for each new sale?' });
    await question.waitFor();
    await question.getByRole('button', { name: 'No sound' }).click();
    await question.waitFor({ state: 'detached' });
    expect((await cc.invoke('settings.get', {})).saleSound).toBe(false);
  });

  it("opens the link form when the tray's New link… is chosen", async () => {
    const { page, console: cc } = await startApp(browser, { sandbox: true });
    await goToScreen(page, 'Activity');
    cc.emit('desk.newLink', {});
    await page.getByRole('heading', { name: 'New link' }).waitFor();
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('type') ?? ''))
      .toBe('email');
  });
});
