// Settings › Webhooks and tunnel: Quaderno only delivers to https:// (docs/quaderno-api.md ›
// HTTPS only), so an http public URL for a real Quaderno gets a hint saying what to do, while
// the sandbox on this machine (which does not use the field) gets none; and a URL with a password, a query
// or a fragment cannot be a webhook base, so saving it is refused with why.
import type { Account } from '../../../preload/contract';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useCleanups } from '../../support/cleanups';
import { useRendererPages } from '../../support/renderer-pages';
import { waitForText } from '../../support/browser';
import { useTempDir } from '../../support/temp-dir';
import { sampleAccount } from './fake-console';
import { createSettingsFake } from './settings-fake-console';

const tmp = useTempDir('cc-settings-public-url-');
const pages = useRendererPages();
const { closing } = useCleanups();

const HTTPS_ONLY = 'Quaderno only delivers to https:// addresses';
const sandboxAccount: Account = {
  ...sampleAccount,
  name: 'Built-in sandbox',
  apiUrl: 'http://127.0.0.1:4010/api/',
  kind: 'sandbox',
  email: null,
};

async function webhooksAndTunnel(account: Account): Promise<Page> {
  const fake = closing(createSettingsFake(tmp.file('console.db'), account));
  const page = await pages.open(fake, { screen: 'Settings' });
  await page.getByRole('button', { name: 'Webhooks and tunnel' }).click();
  await page.getByRole('heading', { level: 2, name: 'Webhooks and tunnel' }).waitFor();
  return page;
}

const field = (p: Page) => p.getByLabel('Your own public URL (optional)');
const section = (p: Page) => p.getByRole('region', { name: 'Webhooks and tunnel' });

describe('the public URL field', () => {
  it('hints that Quaderno only delivers to https when an http URL is typed for a real Quaderno', async () => {
    const p = await webhooksAndTunnel(sampleAccount);
    await field(p).fill('http://hooks.example.com');
    const hint = section(p).getByText(HTTPS_ONLY);
    await hint.waitFor();
    expect(await hint.textContent()).toContain('use an https URL');
    // The hint describes the field for a screen reader too.
    const described = (await field(p).getAttribute('aria-describedby')) ?? '';
    const hintId = await hint.getAttribute('id');
    expect(described.split(' ')).toContain(hintId);

    await field(p).fill('https://hooks.example.com');
    await section(p).getByText('The console adds its secret path').waitFor();
    expect(await section(p).getByText(HTTPS_ONLY).count()).toBe(0);
  });

  it('gives no https hint for the sandbox, which delivers to this computer directly', async () => {
    const p = await webhooksAndTunnel(sandboxAccount);
    await field(p).fill('http://hooks.example.com');
    await section(p).getByText('Not used with the sandbox').waitFor();
    expect(await section(p).getByText(HTTPS_ONLY).count()).toBe(0);
  });

  it('refuses to save a URL with a password, a query or a fragment, and says why', async () => {
    const p = await webhooksAndTunnel(sampleAccount);
    await field(p).fill('https://me:secret@hooks.example.com/?a=1');
    await section(p).getByRole('button', { name: 'Save' }).click();
    await waitForText(section(p), 'no user name, password, ?query or #fragment');
    expect(await field(p).getAttribute('aria-invalid')).toBe('true');
  });
});
