// Automatic fulfilment end to end (issue 14): the built renderer in Chromium on the real console
// and the built-in sandbox, a real SMTP server on 127.0.0.1 (test/support/smtp-sink.ts). The
// merchant sets up the mail server and an email rule in Settings › Fulfilment, sends a test to
// themselves, a customer pays a sandbox link, and the sale is emailed once and reads "Fulfilled by
// rule" with no click. (The journey walks the same with a forward rule.)
import { describe, expect, it } from 'vitest';
import { startApp } from '../support/app-harness';
import { seriousViolations } from '../support/axe-scan';
import { saveScreenshot, useBrowser, waitForText } from '../support/browser';
import { useCleanups } from '../support/cleanups';
import { startSmtpSink } from '../support/smtp-sink';
import {
  expectFulfilledByRule,
  openFulfilmentSettings,
  saveMailServer,
  sellDeliveredByRule,
  startInSandbox,
} from './journey-steps';

const browser = useBrowser();
const { closing } = useCleanups();

const DOWNLOAD = 'https://files.example.com/sourdough-course.pdf';

describe('an email rule set up in Settings', () => {
  it('emails a paid sandbox sale once and marks it fulfilled, with no click', async () => {
    const smtp = closing(await startSmtpSink());
    const { page } = await startApp(browser, { viewport: { width: 1280, height: 800 } });
    await startInSandbox(page, 'documented');
    await openFulfilmentSettings(page);
    await saveMailServer(page, smtp);

    await page.getByRole('button', { name: 'Add a rule' }).click();
    const rule = page.getByRole('region', { name: /^(New rule|Edit rule)/ });
    await rule.getByLabel('Name').fill('Course email');
    await rule.getByLabel('Subject').fill('Your {product}');
    await rule
      .getByLabel('Email', { exact: true })
      .fill('Hello {firstName}, your course is here: {downloadLink}');
    await rule.getByLabel('Download address').fill(DOWNLOAD);
    await rule.getByRole('button', { name: 'Add rule' }).click();
    await rule.getByRole('status').getByText('Saved.').waitFor();
    const preview = page.getByRole('region', { name: 'Preview for a sample sale' });
    await waitForText(preview.getByRole('region', { name: 'Email text' }), DOWNLOAD);
    await preview.getByRole('button', { name: 'Send a test to me' }).click();
    await waitForText(preview.getByRole('status'), 'Sent a test to shop@example.com.');
    expect(smtp.messages.map((m) => m.to)).toEqual([['shop@example.com']]);
    expect(await seriousViolations(page, 'Settings › Fulfilment')).toEqual([]);
    await saveScreenshot(page, 'delivery-e2e-rule-1280x800');
    await page.getByRole('button', { name: 'Close' }).click();

    const row = await sellDeliveredByRule(page);
    const detail = await expectFulfilledByRule(page, row, {
      name: 'Course email',
      line: /^Email to the customer: sent /,
    });
    const toJane = () => smtp.messages.filter((m) => m.to.includes('jane@roe.com'));
    await expect.poll(() => toJane().length).toBe(1);
    const [mail] = toJane();
    expect(mail?.subject).toBe('Your Sourdough Baking Course');
    expect(mail?.text).toContain('Hello Jane');
    expect(mail?.text).toContain(DOWNLOAD);
    expect(await seriousViolations(page, 'sale delivered by rule')).toEqual([]);
    await saveScreenshot(page, 'delivery-e2e-sale-1280x800');
    await detail.getByRole('button', { name: 'Close' }).click();
    // Exactly once: nothing more reaches the customer after the sale reads as delivered.
    expect(toJane()).toHaveLength(1);
  }, 120_000);
});
