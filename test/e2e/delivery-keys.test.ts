// Licence keys end to end: a sale whose key email found the pool empty waits, and the merchant's
// paste of keys in Settings › Fulfilment delivers it with no Retry, the first key in the email
// and the rest left free. The built renderer in Chromium on the real console and the built-in
// sandbox, a real SMTP server on 127.0.0.1; at 1024 px wide.
import { describe, expect, it } from 'vitest';
import { startApp } from '../support/app-harness';
import { seriousViolations } from '../support/axe-scan';
import { useBrowser, waitForText } from '../support/browser';
import { useCleanups } from '../support/cleanups';
import { goToScreen } from '../support/renderer-pages';
import { startSmtpSink } from '../support/smtp-sink';
import { addKeyEmailRule, kimPays, openFulfilmentSettings, startInSandbox } from './journey-steps';

const browser = useBrowser();
const { closing } = useCleanups();

describe('a sale waiting for licence keys', () => {
  it('is emailed its key once the merchant adds keys in Settings, with no Retry', async () => {
    const smtp = closing(await startSmtpSink());
    const { page } = await startApp(browser, { viewport: { width: 1024, height: 768 } });
    await startInSandbox(page, 'documented');
    await addKeyEmailRule(page, smtp);
    const row = await kimPays(page);
    await row.getByText('Needs attention', { exact: true }).waitFor({ timeout: 30_000 });
    const toKim = () => smtp.messages.filter((m) => m.to.includes('kim@shop.test'));
    expect(toKim()).toEqual([]);

    await openFulfilmentSettings(page);
    const keys = page.getByRole('region', { name: 'Licence keys' });
    const product = keys.getByLabel('Product');
    // Named with the sandbox's product code, which the test does not know: picked by its name.
    const course = product.locator('option', { hasText: 'Sourdough Baking Course' });
    await course.waitFor({ state: 'attached' });
    await product.selectOption((await course.getAttribute('value')) ?? '');
    await keys.getByLabel('Keys, one per line').fill('SOUR-0001\n\nSOUR-0002\n');
    await keys.getByRole('button', { name: 'Add keys' }).click();
    await waitForText(
      keys.getByRole('status').first(),
      '1 waiting sale is tried again now; any still short of keys waits for more.',
    );
    const pools = keys.getByRole('list', { name: 'Key pools' });
    // The worker takes Kim's key: one free and one taken, read again as the delivery lands.
    await waitForText(pools, /Sourdough Baking Course\s*1 key free, 1 taken/);
    expect(await seriousViolations(page, 'licence keys added')).toEqual([]);

    await goToScreen(page, 'Fulfilments');
    await row.getByText('Fulfilled', { exact: true }).waitFor({ timeout: 30_000 });
    await expect.poll(() => toKim().length).toBe(1);
    expect(toKim()[0]?.text).toContain('your key: SOUR-0001');
    await row.getByRole('button', { name: 'Kim Lee', exact: true }).click();
    const detail = page.getByRole('dialog', { name: /from Kim Lee/ });
    await detail.getByText('SOUR-0001').first().waitFor();
    await detail
      .getByRole('list', { name: 'Deliveries' })
      .getByText(/^Email to the customer: sent /)
      .waitFor();
    await detail.getByRole('button', { name: 'Close' }).click();
    expect(toKim()).toHaveLength(1);
  }, 120_000);
});
