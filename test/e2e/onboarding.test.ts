import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../main/sandbox';
import { fieldErrors, startApp, type RunningApp } from '../support/app-harness';
import { saveScreenshot, useBrowser, waitForText } from '../support/browser';
import { expectRefused, waitForFirstRun } from '../support/page-checks';

const browser = useBrowser();
let app: RunningApp | null = null;

async function firstRun(): Promise<Page> {
  app = await startApp(browser, { viewport: { width: 1280, height: 800 } });
  await waitForFirstRun(app.page);
  return app.page;
}

async function screenshots(p: Page, name: string): Promise<void> {
  await saveScreenshot(p, `${name}-1280x800`);
  await p.setViewportSize({ width: 900, height: 700 });
  await saveScreenshot(p, `${name}-900x700`);
  await p.setViewportSize({ width: 1280, height: 800 });
}

async function openConnectForm(p: Page): Promise<void> {
  await p.getByRole('button', { name: 'Connect your Quaderno account' }).click();
  await p.getByRole('heading', { name: 'Connect your Quaderno account' }).waitFor();
}

describe('first run', () => {
  it('offers both ways to start, and the sandbox lands on Links with the sandbox in use', async () => {
    const p = await firstRun();
    await screenshots(p, 'onboarding');

    await p.getByRole('button', { name: 'Try the built-in sandbox' }).click();
    await p.getByRole('heading', { level: 1, name: 'Links' }).waitFor();
    const inUse = p.getByLabel('Account in use');
    await inUse.getByText('SANDBOX', { exact: true }).waitFor();
    await expect
      .poll(() => p.getByRole('button', { name: 'Links' }).getAttribute('aria-current'))
      .toBe('page');
    await screenshots(p, 'links-sandbox');

    await p.getByRole('button', { name: 'Settings' }).click();
    await p.getByRole('heading', { level: 2, name: 'Accounts' }).waitFor();
    const rows = p.getByRole('list', { name: 'Saved accounts' }).getByRole('listitem');
    await rows.first().getByText('SANDBOX', { exact: true }).waitFor();
    await expect.poll(() => rows.count()).toBe(1);
    await waitForText(rows.first(), 'In use');
    await screenshots(p, 'settings-accounts-sandbox');

    const info = await app!.console.call('app.info', {});
    expect(info).toMatchObject({ ok: true, value: { mode: 'sandbox' } });
  });
});

describe('connecting a Quaderno account', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  it('shows a key that is not a secret key as an error next to the key field', async () => {
    const p = await firstRun();
    await openConnectForm(p);
    await p.getByLabel('Account name or API URL').fill('acme');
    await p.getByLabel('Secret API key').fill('pk_test_123');
    await p.getByRole('button', { name: 'Connect account' }).click();

    const key = p.getByLabel('Secret API key');
    await expectRefused(key, ['Use your secret key: it starts with sk_live_ or sk_test_.']);
    await expect.poll(() => key.getAttribute('aria-invalid')).toBe('true');
    expect(await fieldErrors(p.getByLabel('Account name or API URL'))).toEqual([]);
    await screenshots(p, 'connect-malformed-key');
  });

  it('shows a key Quaderno refuses as an error next to the key field', async () => {
    const p = await firstRun();
    await openConnectForm(p);
    await p.getByLabel('Account name or API URL').fill(sandbox.apiUrl);
    await p.getByLabel('Secret API key').fill('sk_test_thisKeyIsNotKnownAnywhere');
    await p.getByRole('button', { name: 'Connect account' }).click();

    const key = p.getByLabel('Secret API key');
    await expect.poll(async () => (await fieldErrors(key)).filter((e) => e !== '')).toHaveLength(1);
    await expect
      .poll(() => p.getByRole('button', { name: 'Connect account' }).isEnabled())
      .toBe(true);
    expect(await app!.console.call('accounts.list', {})).toEqual({ ok: true, value: [] });
    await screenshots(p, 'connect-refused-key');
  });

  it('shows a failure that names no field above the form, and keeps what was typed', async () => {
    const gone = await startSandbox();
    const unreachable = gone.apiUrl;
    await gone.close();
    const p = await firstRun();
    await openConnectForm(p);
    await p.getByLabel('Account name or API URL').fill(unreachable);
    await p.getByLabel('Secret API key').fill('sk_test_nothingListensThere');
    await p.getByRole('button', { name: 'Connect account' }).click();

    const alert = p.getByRole('alert');
    await alert.waitFor();
    await expect.poll(async () => (await alert.textContent())?.length ?? 0).toBeGreaterThan(10);
    expect(await fieldErrors(p.getByLabel('Secret API key'))).toEqual([]);
    expect(await fieldErrors(p.getByLabel('Account name or API URL'))).toEqual([]);
    expect(await p.getByLabel('Account name or API URL').inputValue()).toBe(unreachable);
    await screenshots(p, 'connect-unreachable');
  });

  it('connects with a valid test key and shows the account as TEST', async () => {
    const p = await firstRun();
    await openConnectForm(p);
    await p.getByLabel('Account name or API URL').fill(sandbox.apiUrl);
    await p.getByLabel('Secret API key').fill(sandbox.apiKey);
    await p.getByRole('button', { name: 'Connect account' }).click();

    await p.getByRole('heading', { level: 1, name: 'Links' }).waitFor();
    await p.getByLabel('Account in use').getByText('TEST', { exact: true }).waitFor();

    await p.getByRole('button', { name: 'Settings' }).click();
    const rows = p.getByRole('list', { name: 'Saved accounts' }).getByRole('listitem');
    await rows.first().getByText('TEST', { exact: true }).waitFor();
    await waitForText(rows.first(), sandbox.apiUrl);
    await screenshots(p, 'settings-accounts-test');
  });
});
