// A real account's links must not send paying customers to example.com (issue 17): the connect
// form asks for the merchant's own pages, and Settings warns while the placeholders are kept.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Account } from '../../../preload/contract';
import { DEFAULT_SETTINGS } from '../../../main/settings';
import { useCleanups } from '../../support/cleanups';
import { expectRefused } from '../../support/page-checks';
import { saveScreenshot } from '../../support/browser';
import { goToScreen, useRendererPages } from '../../support/renderer-pages';
import { useTempDir } from '../../support/temp-dir';
import { sampleAccount } from './fake-console';
import { createSettingsFake, type SettingsFake } from './settings-fake-console';

const tmp = useTempDir('cc-placeholder-urls-');
const pages = useRendererPages();
const { closing } = useCleanups();

const sandbox: Account = { ...sampleAccount, name: 'Built-in sandbox', kind: 'sandbox' };

async function inSettings(account: Account, section: string): Promise<[Page, SettingsFake]> {
  const fake = closing(createSettingsFake(tmp.file('console.db'), account));
  const page = await pages.open(fake);
  await goToScreen(page, 'Settings');
  await page.getByRole('button', { name: section }).click();
  await page.getByRole('heading', { level: 2, name: section }).waitFor();
  return [page, fake];
}

const warning = (p: Page) => p.getByRole('region', { name: 'Placeholder pages' });
const success = (p: Page) => p.getByLabel('After payment, send the customer to');

describe('placeholder pages in Settings › Link defaults', () => {
  it('warns for a test account until its own pages are saved', async () => {
    const [p, fake] = await inSettings(sampleAccount, 'Link defaults');
    const said = warning(p).getByText(
      'Links from Acme send paying customers to example.com after paying and when they cancel',
    );
    await said.waitFor();
    await saveScreenshot(p, 'settings-placeholder-pages-1280x800');

    await success(p).fill('https://shop.example/thanks');
    await p.getByLabel('If the customer cancels, send them to').fill('https://shop.example/cart');
    await p.getByRole('button', { name: 'Save defaults' }).click();
    await warning(p).waitFor({ state: 'detached' });
    expect(fake.settings()).toMatchObject({
      successUrl: 'https://shop.example/thanks',
      cancelUrl: 'https://shop.example/cart',
    });
  });

  it('says nothing for the sandbox, whose customers are not real', async () => {
    const [p] = await inSettings(sandbox, 'Link defaults');
    // The warning waits for the accounts as the sidebar does: once it shows one, both are read.
    await p.getByLabel('Account in use').getByText('Built-in sandbox').waitFor();
    await expect.poll(() => success(p).inputValue()).toBe(DEFAULT_SETTINGS.successUrl);
    expect(await warning(p).count()).toBe(0);
  });
});

describe('connecting an account', () => {
  it('asks for the pages, refuses a bad one before adding the account, then saves both', async () => {
    const [p, fake] = await inSettings(sampleAccount, 'Accounts');
    await p.getByRole('button', { name: 'Connect a Quaderno account' }).click();
    await p.getByLabel('Account name or API URL').fill('shop');
    await p.getByLabel('Secret API key').fill('sk_live_abc');
    await success(p).fill('thanks-page');
    const submit = p.getByRole('button', { name: 'Connect account', exact: true }).last();
    await submit.click();
    await expectRefused(success(p), ['Use an http(s) URL.']);
    expect(fake.added).toEqual([]);
    await saveScreenshot(p, 'settings-connect-pages-refused-1280x800');

    await success(p).fill('https://shop.example/thanks');
    await submit.click();
    await expect.poll(() => fake.added).toEqual(['shop']);
    expect(fake.settings()).toMatchObject({
      successUrl: 'https://shop.example/thanks',
      cancelUrl: DEFAULT_SETTINGS.cancelUrl,
    });
  });
});

describe('placeholder pages on Links', () => {
  it('warns a test account and lets the merchant set the pages there', async () => {
    const fake = closing(createSettingsFake(tmp.file('console.db'), sampleAccount));
    const p = await pages.open(fake);
    await p.getByRole('heading', { level: 1, name: 'Links' }).waitFor();
    await warning(p).getByRole('button', { name: 'Set your pages' }).click();
    await expect.poll(() => success(p).evaluate((el) => el === document.activeElement)).toBe(true);
    await warning(p).getByRole('button', { name: 'Save pages' }).click();
    await expectRefused(success(p), ['Enter the address of your own page.']);

    await success(p).fill('https://shop.example/thanks');
    await p.getByLabel('If the customer cancels, send them to').fill('https://shop.example/cart');
    await warning(p).getByRole('button', { name: 'Save pages' }).click();
    await warning(p).waitFor({ state: 'detached' });
    expect(fake.settings()).toMatchObject({ successUrl: 'https://shop.example/thanks' });
  });
});
