// Keyboard only, in Chromium: a button that opens something in its own place (the Connect-account
// form, an inline "Remove…?" box) gets the focus back when that closes without acting (Discard,
// Keep it, Escape), instead of it falling to <body>; a rule its Remove took away leaves the focus
// on the Rules heading. The sandbox button on the welcome screen waits without dropping the focus.
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useCleanups } from '../../support/cleanups';
import { expectFocusedInView } from '../../support/focus-checks';
import { goToSettingsSection, useRendererPages } from '../../support/renderer-pages';
import { useTempDir } from '../../support/temp-dir';
import { createDeliveryFake, type DeliveryFake } from './delivery-fake-console';
import { createFakeConsole, sampleAccount } from './fake-console';
import { createSettingsFake } from './settings-fake-console';
import { holdNext, isFocused } from './held-call';

const tmp = useTempDir('cc-focus-back-');
const pages = useRendererPages();
const { closing } = useCleanups();

/** Presses `button` from the keyboard (focus, then Enter), as a keyboard user would. */
async function press(p: Page, button: Locator): Promise<void> {
  await button.focus();
  await p.keyboard.press('Enter');
}

async function welcome(): Promise<Page> {
  const p = await pages.open(createFakeConsole(), { viewport: { width: 1280, height: 800 } });
  await p.getByRole('heading', { level: 1, name: 'Welcome to Checkout Console' }).waitFor();
  return p;
}

describe('the welcome screen', () => {
  it('keeps the focus on Try the built-in sandbox while it starts, and after it failed', async () => {
    const fake = createFakeConsole();
    const held = holdNext(fake, 'accounts.useSandbox');
    const p = await pages.open(fake, { viewport: { width: 1280, height: 800 } });
    const sandbox = p.getByRole('button', {
      name: /^(Try the built-in sandbox|Starting the sandbox…)$/,
    });
    const connect = p.getByRole('button', { name: 'Connect your Quaderno account' });
    await press(p, sandbox);
    await held.arrived;
    await expect.poll(() => sandbox.getAttribute('aria-disabled')).toBe('true');
    expect(await isFocused(sandbox)).toBe(true);
    expect(await connect.getAttribute('aria-disabled')).toBe('true');
    // Connect waits too: pressed meanwhile (a click that leaves the focus where it is), it does
    // not open the form.
    await connect.dispatchEvent('click');
    expect(await p.getByLabel('Secret API key').count()).toBe(0);
    held.release();
    // The double refuses the sandbox: the button is back, with the focus still on it.
    await expect.poll(() => sandbox.getAttribute('aria-disabled')).toBe('false');
    expect(await isFocused(sandbox)).toBe(true);
    expect(await connect.getAttribute('aria-disabled')).toBe('false');
  });

  it('gives the focus back to Connect your Quaderno account on Discard', async () => {
    const p = await welcome();
    const connect = p.getByRole('button', { name: 'Connect your Quaderno account' });
    await press(p, connect);
    await expectFocusedInView(p.getByLabel('Account name or API URL'));
    await press(p, p.getByRole('button', { name: 'Discard' }));
    await expectFocusedInView(connect);
  });
});

describe('Settings › Accounts', () => {
  async function accounts(): Promise<Page> {
    const fake = closing(createSettingsFake(tmp.file('console.db'), sampleAccount));
    const p = await pages.open(fake, {
      screen: 'Settings',
      viewport: { width: 1280, height: 800 },
    });
    await p.getByRole('heading', { name: 'Acme' }).waitFor();
    return p;
  }

  it('gives the focus back to Connect a Quaderno account on Discard', async () => {
    const p = await accounts();
    const connect = p.getByRole('button', { name: 'Connect a Quaderno account' });
    await press(p, connect);
    await expectFocusedInView(p.getByLabel('Account name or API URL'));
    await press(p, p.getByRole('button', { name: 'Discard' }));
    await expectFocusedInView(connect);
  });

  it('keeps the focus on Try the built-in sandbox while it starts, and after it failed', async () => {
    const fake = closing(createSettingsFake(tmp.file('console.db'), sampleAccount));
    const held = holdNext(fake, 'accounts.useSandbox');
    const p = await pages.open(fake, {
      screen: 'Settings',
      viewport: { width: 1280, height: 800 },
    });
    const sandbox = p.getByRole('button', {
      name: /^(Try the built-in sandbox|Starting the sandbox…)$/,
    });
    await press(p, sandbox);
    await held.arrived;
    await expect.poll(() => sandbox.getAttribute('aria-disabled')).toBe('true');
    expect(await isFocused(sandbox)).toBe(true);
    held.release();
    // The double refuses the sandbox: the button is back, with the focus still on it.
    await expect.poll(() => sandbox.getAttribute('aria-disabled')).toBe('false');
    expect(await isFocused(sandbox)).toBe(true);
  });

  it('gives the focus back to Remove… on Keep it and on Escape', async () => {
    const p = await accounts();
    const row = p.getByRole('listitem').filter({ has: p.getByRole('heading', { name: 'Acme' }) });
    const remove = row.getByRole('button', { name: 'Remove…' });
    await press(p, remove);
    await expectFocusedInView(row.getByRole('button', { name: 'Keep it' }));
    await p.keyboard.press('Enter');
    await expectFocusedInView(remove);

    await p.keyboard.press('Enter');
    await expectFocusedInView(row.getByRole('button', { name: 'Keep it' }));
    await p.keyboard.press('Escape');
    await expectFocusedInView(remove);
  });
});

describe('Settings › Fulfilment, a rule', () => {
  const email = { kind: 'email' as const, subject: 'Your ebook', body: 'Hi', downloadUrl: null };

  async function withRule(): Promise<{ p: Page; fake: DeliveryFake; row: Locator }> {
    const fake = createDeliveryFake();
    await fake.dispatch('rules.add', { name: 'Ebook email', action: email });
    const p = await pages.open(fake, {
      screen: 'Settings',
      viewport: { width: 1280, height: 800 },
    });
    await goToSettingsSection(p, 'Fulfilment');
    const row = p
      .getByRole('listitem')
      .filter({ has: p.getByRole('heading', { name: 'Ebook email' }) });
    await row.waitFor();
    return { p, fake, row };
  }

  it('gives the focus back to Remove… on Keep it and on Escape', async () => {
    const { p, fake, row } = await withRule();
    const remove = row.getByRole('button', { name: 'Remove…' });
    await press(p, remove);
    await expectFocusedInView(row.getByRole('button', { name: 'Keep it' }));
    await p.keyboard.press('Enter');
    await expectFocusedInView(remove);

    await p.keyboard.press('Enter');
    await expectFocusedInView(row.getByRole('button', { name: 'Keep it' }));
    await p.keyboard.press('Escape');
    await expectFocusedInView(remove);
    expect(fake.rules).toHaveLength(1);
  });

  it('leaves the focus on the Rules heading once its Remove took it away', async () => {
    const { p, fake, row } = await withRule();
    await press(p, row.getByRole('button', { name: 'Remove…' }));
    await press(p, row.getByRole('button', { name: 'Remove rule' }));
    await row.waitFor({ state: 'detached' });
    await expectFocusedInView(p.getByRole('heading', { name: 'Rules', exact: true }));
    expect(fake.rules).toEqual([]);
  });
});
