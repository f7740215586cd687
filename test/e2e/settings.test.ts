import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../preload/contract';
import { startSandbox, type Sandbox } from '../../main/sandbox';
import { fieldErrors, startApp, type RunningApp } from '../support/app-harness';
import { saveScreenshot, useBrowser } from '../support/browser';
import { expectRefused, waitForFirstRun } from '../support/page-checks';

const browser = useBrowser();
let quaderno: Sandbox;
let app: RunningApp | null = null;

beforeAll(async () => {
  quaderno = await startSandbox({ accountName: 'acme-test' });
});

afterAll(async () => {
  await quaderno?.close();
});

/** The app already in sandbox mode, showing Settings › Accounts. */
async function inSettings(): Promise<Page> {
  app = await startApp(browser, { sandbox: true, viewport: { width: 1280, height: 800 } });
  const { page } = app;
  await page.getByRole('heading', { level: 1, name: 'Links' }).waitFor();
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('heading', { level: 2, name: 'Accounts' }).waitFor();
  return page;
}

const rows = (p: Page) => p.getByRole('list', { name: 'Saved accounts' }).getByRole('listitem');
const row = (p: Page, name: string) => rows(p).filter({ hasText: name });
const inUse = (p: Page) => p.getByLabel('Account in use');

async function accounts(): Promise<Account[]> {
  const envelope = await app!.console.call('accounts.list', {});
  if (!envelope.ok) throw new Error(envelope.error.message);
  return envelope.value as Account[];
}

describe('Settings › Accounts', () => {
  it('adds a second account, switches back, and removes one only after confirming', async () => {
    const p = await inSettings();
    await p.getByRole('button', { name: 'Connect a Quaderno account' }).click();
    await p.getByLabel('Account name or API URL').fill(quaderno.apiUrl);
    await p.getByLabel('Secret API key').fill(quaderno.apiKey);
    await p.getByRole('button', { name: 'Connect account', exact: true }).last().click();

    await row(p, 'acme-test').getByText('In use').waitFor();
    await inUse(p).getByText('TEST', { exact: true }).waitFor();
    await expect.poll(() => rows(p).count()).toBe(2);

    await row(p, 'Built-in sandbox').getByRole('button', { name: 'Use this account' }).click();
    await inUse(p).getByText('SANDBOX', { exact: true }).waitFor();
    await row(p, 'Built-in sandbox').getByText('In use').waitFor();

    await row(p, 'acme-test').getByRole('button', { name: 'Remove…' }).click();
    await saveScreenshot(p, 'settings-accounts-confirm-remove-1280x800');
    await row(p, 'acme-test').getByRole('button', { name: 'Keep it' }).click();
    await expect.poll(() => rows(p).count()).toBe(2);
    expect((await accounts()).map((a) => a.name).sort()).toEqual(['Built-in sandbox', 'acme-test']);

    await row(p, 'acme-test').getByRole('button', { name: 'Remove…' }).click();
    await row(p, 'acme-test').getByRole('button', { name: 'Remove account' }).click();
    await row(p, 'acme-test').waitFor({ state: 'detached' });
    await expect.poll(() => rows(p).count()).toBe(1);
    expect((await accounts()).map((a) => a.name)).toEqual(['Built-in sandbox']);
  });

  it('follows account changes made outside the window', async () => {
    const p = await inSettings();
    const added = await app!.console.call('accounts.add', {
      account: quaderno.apiUrl,
      apiKey: quaderno.apiKey,
    });
    expect(added).toMatchObject({ ok: true });
    await row(p, 'acme-test').getByText('TEST', { exact: true }).waitFor();
    await inUse(p).getByText('acme-test').waitFor();
  });

  it('goes back to the first-run choices when the last account is removed', async () => {
    const p = await inSettings();
    await row(p, 'Built-in sandbox').getByRole('button', { name: 'Remove…' }).click();
    await row(p, 'Built-in sandbox').getByRole('button', { name: 'Remove account' }).click();
    await waitForFirstRun(p);
  });
});

describe('Settings › Link defaults', () => {
  it('shows an invalid URL next to its field and saves once it is fixed', async () => {
    const p = await inSettings();
    await p.getByRole('button', { name: 'Link defaults' }).click();
    const success = p.getByLabel('After payment, send the customer to');
    await success.fill('thanks-page');
    await p.getByLabel('Checkout language').selectOption('fr');
    await p.getByRole('button', { name: 'Save defaults' }).click();

    await expectRefused(success, ['Use an http(s) URL.']);
    expect(await fieldErrors(p.getByLabel('If the customer cancels, send them to'))).toEqual([]);
    await saveScreenshot(p, 'settings-link-defaults-error-1280x800');

    await success.fill('https://shop.example/thanks');
    await p.getByRole('button', { name: 'Save defaults' }).click();
    await p.getByRole('status').getByText('Saved.', { exact: false }).waitFor();
    await expect.poll(() => fieldErrors(success)).toEqual([]);
    expect(await app!.console.call('settings.get', {})).toMatchObject({
      ok: true,
      value: { successUrl: 'https://shop.example/thanks', locale: 'fr' },
    });
    await p.setViewportSize({ width: 900, height: 700 });
    await saveScreenshot(p, 'settings-link-defaults-900x700');
  });
});
