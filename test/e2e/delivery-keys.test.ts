// Licence keys end to end: a sale whose key email found the pool empty waits, and the merchant's
// paste of keys in Settings › Fulfilment delivers it with no Retry, the first key in the email
// and the rest left free; a sale the merchant marked fulfilled meanwhile is held, and its Undo
// delivers it with the key added while it was held. The built renderer in Chromium on the real
// console and the built-in sandbox, a real SMTP server on 127.0.0.1; at 1024 px wide.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { startApp } from '../support/app-harness';
import { seriousViolations } from '../support/axe-scan';
import { useBrowser, waitForText } from '../support/browser';
import { useCleanups } from '../support/cleanups';
import { goToScreen } from '../support/renderer-pages';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink';
import { addKeyEmailRule, kimPays, openFulfilmentSettings, startInSandbox } from './journey-steps';

const browser = useBrowser();
const { closing } = useCleanups();

/** The app in the sandbox, a key email rule, and Kim's sale waiting for a key; her row. */
async function kimWaitsForAKey() {
  const smtp = closing(await startSmtpSink());
  const { page } = await startApp(browser, { viewport: { width: 1024, height: 768 } });
  await startInSandbox(page, 'documented');
  await addKeyEmailRule(page, smtp);
  const row = await kimPays(page);
  await row.getByText('Needs attention', { exact: true }).waitFor({ timeout: 30_000 });
  const toKim = () => smtp.messages.filter((m) => m.to.includes('kim@shop.test'));
  expect(toKim()).toEqual([]);
  return { page, row, toKim };
}

/** Pastes `keys` for the course in Settings › Fulfilment; returns the Licence keys section. */
async function addCourseKeys(page: Page, keys: string) {
  await openFulfilmentSettings(page);
  const section = page.getByRole('region', { name: 'Licence keys' });
  const product = section.getByLabel('Product');
  // Named with the sandbox's product code, which the test does not know: picked by its name.
  const course = product.locator('option', { hasText: 'Sourdough Baking Course' });
  await course.waitFor({ state: 'attached' });
  await product.selectOption((await course.getAttribute('value')) ?? '');
  await section.getByLabel('Keys, one per line').fill(keys);
  await section.getByRole('button', { name: 'Add keys' }).click();
  return section;
}

/** Kim's sale, opened from her row. */
async function openKimsSale(page: Page, row: ReturnType<Page['locator']>) {
  await row.getByRole('button', { name: 'Kim Lee', exact: true }).click();
  return page.getByRole('dialog', { name: /from Kim Lee/ });
}

/** Kim's row reads Fulfilled, by the rule, and her one email carries `key`. */
async function expectEmailedKey(
  page: Page,
  row: ReturnType<Page['locator']>,
  toKim: () => SmtpSink['messages'],
  key: string,
) {
  await row.getByText('Fulfilled', { exact: true }).waitFor({ timeout: 30_000 });
  await expect.poll(() => toKim().length).toBe(1);
  expect(toKim()[0]?.text).toContain(`your key: ${key}`);
  const detail = await openKimsSale(page, row);
  await detail.getByText(key).first().waitFor();
  await detail
    .getByRole('list', { name: 'Deliveries' })
    .getByText(/^Email to the customer: sent /)
    .waitFor();
  await detail.getByRole('button', { name: 'Close' }).click();
  expect(toKim()).toHaveLength(1);
}

describe('a sale waiting for licence keys', () => {
  it('is emailed its key once the merchant adds keys in Settings, with no Retry', async () => {
    const { page, row, toKim } = await kimWaitsForAKey();

    const keys = await addCourseKeys(page, 'SOUR-0001\n\nSOUR-0002\n');
    await waitForText(
      keys.getByRole('status').first(),
      '1 waiting sale is tried again now; any still short of keys waits for more.',
    );
    const pools = keys.getByRole('list', { name: 'Key pools' });
    // The worker takes Kim's key: one free and one taken, read again as the delivery lands.
    await waitForText(pools, /Sourdough Baking Course\s*1 key free, 1 taken/);
    expect(await seriousViolations(page, 'licence keys added')).toEqual([]);

    await goToScreen(page, 'Fulfilments');
    await expectEmailedKey(page, row, toKim, 'SOUR-0001');
  }, 120_000);

  it('marked fulfilled by hand, is held while keys are added and emailed its key at Undo', async () => {
    const { page, row, toKim } = await kimWaitsForAKey();
    let detail = await openKimsSale(page, row);
    await detail.getByRole('button', { name: 'Mark fulfilled' }).click();
    await detail.getByRole('button', { name: /^Undo/ }).waitFor();
    // Stopped for want of a key, it no longer asks for attention (the merchant delivered it),
    // and says a key added does nothing until Undo.
    await detail
      .getByRole('list', { name: 'Deliveries' })
      .getByText(
        /^Email to the customer: stopped after 1 try — No licence key left.*; held until Undo/,
      )
      .waitFor();
    await detail.getByRole('button', { name: 'Close' }).click();

    const keys = await addCourseKeys(page, 'SOUR-0001\n');
    // Nothing goes out while the sale is held: the key stays free, no sale was sent back.
    await waitForText(keys.locator('.form-actions').getByRole('status'), /^Added 1 key/);
    await waitForText(
      keys.getByRole('list', { name: 'Key pools' }),
      /Sourdough Baking Course\s*1 key free, 0 taken/,
    );
    expect(await keys.getByRole('status').first().textContent()).toBe('');

    await goToScreen(page, 'Fulfilments');
    detail = await openKimsSale(page, row);
    await detail.getByRole('button', { name: /^Undo/ }).click();
    await detail.getByRole('button', { name: 'Mark fulfilled' }).waitFor();
    await detail.getByRole('button', { name: 'Close' }).click();
    await expectEmailedKey(page, row, toKim, 'SOUR-0001');
  }, 120_000);
});
