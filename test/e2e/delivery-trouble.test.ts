// A sale whose automatic delivery is in trouble says so on the sales list and counts in the
// navigation's "to deliver" badge (review R12 HIGH: Kim's sale, its email rule stopped for want of
// a licence key while its forward rule retried, read "To deliver" like any other and was left out
// of the badge). The built renderer in Chromium on the real console and the built-in sandbox, a
// real SMTP server on 127.0.0.1, a forward to a port nothing listens on; at 800 px wide.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { startApp } from '../support/app-harness';
import { seriousViolations } from '../support/axe-scan';
import { saveScreenshot, useBrowser } from '../support/browser';
import { useCleanups } from '../support/cleanups';
import { startSmtpSink } from '../support/smtp-sink';
import { addForwardRule, addKeyEmailRule, kimPays, startInSandbox } from './journey-steps';

const browser = useBrowser();
const { closing } = useCleanups();

const nav = (page: Page) => page.getByRole('navigation', { name: 'Main' });

describe('a sale whose automatic delivery is in trouble', () => {
  it('reads "Needs attention" on its row and counts in the badge while another rule retries', async () => {
    const smtp = closing(await startSmtpSink());
    const { page } = await startApp(browser, { viewport: { width: 800, height: 700 } });
    await startInSandbox(page, 'documented');
    await addKeyEmailRule(page, smtp);
    // Nothing listens on port 9: the forward fails and is tried again later.
    await addForwardRule(page, {
      name: 'Shop forward',
      url: 'http://127.0.0.1:9/orders',
      secret: 'forward-secret-0123456789-abcdef',
    });
    const row = await kimPays(page);
    await row.getByText('Needs attention', { exact: true }).waitFor({ timeout: 30_000 });
    await row.getByText('To deliver', { exact: true }).waitFor();
    await nav(page).getByLabel('1 to deliver').waitFor();
    // The forward is still retrying, which the row does not say over the stopped email.
    const detailOpen = row.getByRole('button', { name: 'Kim Lee', exact: true });
    await detailOpen.click();
    const detail = page.getByRole('dialog', { name: /from Kim Lee/ });
    const deliveries = detail.getByRole('list', { name: 'Deliveries' });
    await deliveries.getByText(/No licence key left/).waitFor();
    await deliveries.getByText(/Forward to 127\.0\.0\.1:9: trying again/).waitFor();
    await detail.getByRole('button', { name: 'Close' }).click();
    expect(smtp.messages.filter((m) => m.to.includes('kim@shop.test'))).toEqual([]);
    expect(await seriousViolations(page, 'desk with a delivery in trouble')).toEqual([]);
    await saveScreenshot(page, 'delivery-trouble-desk-800x700');
  }, 120_000);
});
