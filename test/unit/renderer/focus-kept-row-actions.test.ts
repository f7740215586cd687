// Keyboard only, in Chromium: a row's own buttons wait for their action without dropping the
// focus to <body> (Use this account, a rule's On switch, its Edit and Remove…), and a control the
// action takes away hands the focus on: to the account now in use, or to the sandbox just started.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Account } from '../../../preload/contract';
import { dispatch } from '../../../main/dispatch';
import { useCleanups } from '../../support/cleanups';
import { expectFocusedInView } from '../../support/focus-checks';
import { goToSettingsSection, useRendererPages } from '../../support/renderer-pages';
import { useTempDir } from '../../support/temp-dir';
import { createDeliveryFake } from './delivery-fake-console';
import { fakeEvents, fakeHandlers, sampleAccount } from './fake-console';
import { holdNext, isFocused, pressHeld, pressWhileHeld } from './held-call';
import { createSettingsFake, type SettingsFake } from './settings-fake-console';

const tmp = useTempDir('cc-focus-rows-');
const pages = useRendererPages();
const { closing } = useCleanups();

const other: Account = {
  ...sampleAccount,
  id: 2,
  name: 'Other shop',
  apiUrl: 'https://other.quadernoapp.com/api/',
  active: false,
};

interface AccountsFake extends SettingsFake {
  accounts: Account[];
}

/**
 * Settings' double with Acme in use and Other shop saved; switching and the sandbox change which
 * is in use and say so (accounts.changed), as main does.
 */
function accountsFake(): AccountsFake {
  const settings = createSettingsFake(tmp.file('console.db'), sampleAccount);
  // Its own events: the settings double sends none.
  const events = fakeEvents();
  const accounts: Account[] = [{ ...sampleAccount }, { ...other }];
  const use = (id: number): Account => {
    for (const a of accounts) a.active = a.id === id;
    events.emit('accounts.changed', { accounts: accounts.map((a) => ({ ...a })) });
    const found = accounts.find((a) => a.id === id);
    if (!found) throw new Error(`no account ${id}`);
    return { ...found };
  };
  const own = fakeHandlers({
    'accounts.list': async () => accounts.map((a) => ({ ...a })),
    'accounts.switch': async ({ id }) => use(id),
    'accounts.useSandbox': async () => {
      accounts.push({
        ...sampleAccount,
        id: 3,
        name: 'Sandbox',
        apiUrl: 'http://127.0.0.1:8787/api/',
        kind: 'sandbox',
        email: null,
        active: false,
      });
      return use(3);
    },
  });
  const mine = new Set<unknown>(['accounts.list', 'accounts.switch', 'accounts.useSandbox']);
  return {
    ...settings,
    ...events,
    accounts,
    dispatch: (name, input) =>
      mine.has(name) ? dispatch(own, name, input) : settings.dispatch(name, input),
  };
}

async function openAccounts(fake: AccountsFake): Promise<Page> {
  const p = await pages.open(fake, { screen: 'Settings', viewport: { width: 1280, height: 800 } });
  await p.getByRole('heading', { name: 'Other shop', exact: true }).waitFor();
  return p;
}

const accountRow = (p: Page, name: string) =>
  p.getByRole('list', { name: 'Saved accounts' }).getByRole('listitem', { name, exact: true });

describe('Settings › Accounts', () => {
  it('keeps the focus on Use this account while it switches, then gives it to the row', async () => {
    const fake = closing(accountsFake());
    const p = await openAccounts(fake);
    const row = accountRow(p, 'Other shop');
    const use = row.getByRole('button', { name: /^(Use this account|Switching…)$/ });
    const held = holdNext(fake, 'accounts.switch');
    await pressWhileHeld(p, use, held);
    // The row's other button waits too, still reachable by Tab.
    expect(
      await row.getByRole('button', { name: 'Remove…', exact: true }).getAttribute('aria-disabled'),
    ).toBe('true');
    held.release();
    // In use now: its Use this account goes, and the row it was on takes the focus.
    await row.getByText('In use', { exact: true }).waitFor();
    await expectFocusedInView(row);
    expect(await isFocused(row)).toBe(true);
    expect(held.calls()).toBe(1);
    expect(fake.accounts.find((a) => a.id === other.id)?.active).toBe(true);
  });

  it('gives the focus to the sandbox’s row once Try the built-in sandbox has started it', async () => {
    const fake = closing(accountsFake());
    const p = await openAccounts(fake);
    const start = p.getByRole('button', {
      name: /^(Try the built-in sandbox|Starting the sandbox…)$/,
    });
    const held = holdNext(fake, 'accounts.useSandbox');
    await pressWhileHeld(p, start, held);
    held.release();
    await expect.poll(() => start.count()).toBe(0);
    const row = accountRow(p, 'Sandbox');
    await expectFocusedInView(row);
    expect(await isFocused(row)).toBe(true);
    expect(held.calls()).toBe(1);
  });
});

describe('Settings › Fulfilment, a rule’s row', () => {
  async function ruleRow() {
    const fake = createDeliveryFake();
    await fake.dispatch('rules.add', {
      name: 'Thanks',
      productCode: null,
      action: { kind: 'email', subject: 'Thanks for {product}', body: 'Hi {firstName}.' },
      enabled: true,
      useLicenceKeys: false,
    });
    const p = await pages.open(fake, { screen: 'Settings' });
    await goToSettingsSection(p, 'Fulfilment');
    const row = p.getByRole('listitem', { name: 'Thanks', exact: true });
    await row.waitFor();
    return { fake, p, row };
  }

  it('keeps the focus on its On switch while it is switched, Edit and Remove… waiting too', async () => {
    const { fake, p, row } = await ruleRow();
    const on = row.getByRole('switch', { name: 'On', exact: true });
    const held = holdNext(fake, 'rules.setEnabled');
    await pressWhileHeld(p, on, held, 'Space');
    // Pressed again while it waits: not switched back, nor sent again.
    expect(await on.isChecked()).toBe(false);
    for (const name of ['Edit', 'Remove…']) {
      expect(
        await row.getByRole('button', { name, exact: true }).getAttribute('aria-disabled'),
      ).toBe('true');
    }
    held.release();
    await expect.poll(() => on.getAttribute('aria-disabled')).toBe('false');
    expect(await isFocused(on)).toBe(true);
    expect(await on.isChecked()).toBe(false);
    expect(fake.rules[0]?.enabled).toBe(false);
    expect(held.calls()).toBe(1);
    // Pressed again now, it switches the rule back on, the focus still there.
    await pressHeld(p, on, holdNext(fake, 'rules.setEnabled'), 'Space');
    await expect.poll(() => fake.rules[0]?.enabled).toBe(true);
    expect(await on.isChecked()).toBe(true);
  });
});
