// An account main no longer has (removed on the command line or in another window, an older
// backup restored) while Settings › Accounts still lists it. Main's refusal names no list to
// reload, because the screen reads its accounts again itself after a failed switch or Remove: the
// row goes, and what main said stays on the list, which takes the focus the row's button had. In
// Chromium against the desk double, its accounts answering in main's words (accountGone).
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Account } from '../../../preload/contract';
import { dispatch, type Handlers } from '../../../main/dispatch';
import { ConsoleError } from '../../../main/errors';
import { accountGone } from '../../../main/store';
import type { BridgedConsole } from '../../support/http-bridge';
import { waitForText } from '../../support/browser';
import { expectFocusedInView } from '../../support/focus-checks';
import { useRendererPages } from '../../support/renderer-pages';
import { recordAlerts } from './alerts-added';
import { createDeskFake, type DeskFake } from './desk-fake-console';
import { fakeHandlers, sampleAccount } from './fake-console';

const pages = useRendererPages();

const other: Account = {
  ...sampleAccount,
  id: 2,
  name: 'Other shop',
  apiUrl: 'https://other.quadernoapp.com/api/',
  active: false,
};

interface AccountsFake extends BridgedConsole {
  accounts: Account[];
  /** While set, accounts.remove is refused with this message (the keychain locked). */
  refuseRemove: string | null;
  emit: DeskFake['emit'];
}

/** The desk double with two accounts; switching to or removing a missing one is refused. */
function accountsFake(): AccountsFake {
  const desk = createDeskFake();
  const accounts = [sampleAccount, other];
  const find = (id: number) => {
    const found = accounts.find((a) => a.id === id);
    if (!found) throw new ConsoleError('not_found', accountGone(id));
    return found;
  };
  const own: Partial<Handlers> = {
    'accounts.list': async () => accounts.map((a) => ({ ...a })),
    'accounts.switch': async ({ id }) => ({ ...find(id), active: true }),
    'accounts.remove': async ({ id }) => {
      if (fake.refuseRemove !== null)
        throw new ConsoleError('keychain_unavailable', fake.refuseRemove);
      accounts.splice(accounts.indexOf(find(id)), 1);
      return { removed: true, webhooksLeft: [], secretsLeft: [] };
    },
  };
  const handlers = fakeHandlers(own);
  const fake: AccountsFake = {
    accounts,
    refuseRemove: null,
    emit: desk.emit,
    onAny: desk.onAny,
    dispatch: (name: unknown, input: unknown) =>
      typeof name === 'string' && name in own
        ? dispatch(handlers, name, input)
        : desk.dispatch(name, input),
  };
  return fake;
}

/** Settings › Accounts with 'Other shop' listed. */
async function openAccounts(fake: AccountsFake): Promise<Page> {
  const p = await pages.open(fake, { screen: 'Settings', viewport: { width: 1280, height: 800 } });
  await otherRow(p).waitFor();
  return p;
}

/** Settings › Accounts, 'Other shop' listed; then it leaves main without the page hearing. */
async function accountsWithOtherGone(): Promise<Page> {
  const fake = accountsFake();
  const p = await openAccounts(fake);
  fake.accounts.splice(fake.accounts.indexOf(other), 1);
  return p;
}

/** Removed on the command line: main tells the window, which lists what is left. */
function removeOtherElsewhere(fake: AccountsFake): void {
  fake.accounts.splice(fake.accounts.indexOf(other), 1);
  fake.emit('accounts.changed', { accounts: [sampleAccount] });
}

/** Settings › Accounts, the focus on Remove… in the 'Other shop' row. */
async function accountsWithOtherFocused(): Promise<{ p: Page; fake: AccountsFake }> {
  const fake = accountsFake();
  const p = await openAccounts(fake);
  await otherRow(p).getByRole('button', { name: 'Remove…' }).focus();
  return { p, fake };
}

const otherRow = (p: Page) =>
  p.getByRole('listitem').filter({ has: p.getByRole('heading', { name: 'Other shop' }) });
const accountsSection = (p: Page) => p.getByRole('region', { name: 'Accounts' });

describe('Settings › Accounts, acting on an account main no longer has', () => {
  it("reads the accounts again on Use this account, so the row goes, and keeps main's words in focus", async () => {
    const p = await accountsWithOtherGone();

    await otherRow(p).getByRole('button', { name: 'Use this account' }).click();
    await otherRow(p).waitFor({ state: 'detached' });
    const notice = accountsSection(p).getByRole('alert');
    await waitForText(notice, accountGone(2));
    await expectFocusedInView(notice);
  });

  it("announces main's words once, on the list, not first in the row that goes", async () => {
    const p = await accountsWithOtherGone();
    const alerts = await recordAlerts(p);

    await otherRow(p).getByRole('button', { name: 'Use this account' }).click();
    const notice = accountsSection(p).getByRole('alert');
    await waitForText(notice, accountGone(2));
    await expectFocusedInView(notice);
    expect(await alerts()).toEqual([`SECTION:${accountGone(2)}`]);
  });

  it('does the same when Remove finds it already gone', async () => {
    const p = await accountsWithOtherGone();

    await otherRow(p).getByRole('button', { name: 'Remove…' }).click();
    await otherRow(p).getByRole('button', { name: 'Remove account' }).click();
    await otherRow(p).waitFor({ state: 'detached' });
    const notice = accountsSection(p).getByRole('alert');
    await waitForText(notice, accountGone(2));
    await expectFocusedInView(notice);
  });

  it('leaves a refusal for an account still there on its row alone, over the accounts read again', async () => {
    const fake = accountsFake();
    const p = await openAccounts(fake);
    const locked = 'The keychain is locked: unlock it and try again.';
    fake.refuseRemove = locked;
    // Changed without the page hearing: seen only once the screen reads its accounts again.
    fake.accounts[1] = { ...other, email: 'billing@other.example' };

    await otherRow(p).getByRole('button', { name: 'Remove…' }).click();
    await otherRow(p).getByRole('button', { name: 'Remove account' }).click();
    await waitForText(otherRow(p), 'billing@other.example');
    await waitForText(otherRow(p).getByRole('alert'), locked);
    expect(await accountsSection(p).getByRole('alert').count()).toBe(1);
  });

  it('announces a refusal for an account still there once, on its row, after the accounts are read again', async () => {
    const fake = accountsFake();
    const p = await openAccounts(fake);
    const locked = 'The keychain is locked: unlock it and try again.';
    fake.refuseRemove = locked;
    const alerts = await recordAlerts(p);

    await otherRow(p).getByRole('button', { name: 'Remove…' }).click();
    await otherRow(p).getByRole('button', { name: 'Remove account' }).click();
    await waitForText(otherRow(p).getByRole('alert'), locked);
    expect(await alerts()).toEqual([`LI:${locked}`]);
  });

  it('still shows the refusal on its row when the accounts cannot be read again', async () => {
    const fake = accountsFake();
    const p = await openAccounts(fake);
    const locked = 'The keychain is locked: unlock it and try again.';
    fake.refuseRemove = locked;
    const inner = fake.dispatch;
    fake.dispatch = async (name, input) =>
      name === 'accounts.list'
        ? { ok: false, error: { code: 'offline', message: 'The data file is busy.' } }
        : inner(name, input);

    await otherRow(p).getByRole('button', { name: 'Remove…' }).click();
    await otherRow(p).getByRole('button', { name: 'Remove account' }).click();
    await waitForText(otherRow(p).getByRole('alert'), locked);
  });

  it('does not bring that refusal back when the account is removed elsewhere later', async () => {
    const fake = accountsFake();
    const p = await openAccounts(fake);
    const locked = 'The keychain is locked: unlock it and try again.';
    fake.refuseRemove = locked;
    await otherRow(p).getByRole('button', { name: 'Remove…' }).click();
    await otherRow(p).getByRole('button', { name: 'Remove account' }).click();
    await waitForText(otherRow(p).getByRole('alert'), locked);

    removeOtherElsewhere(fake);
    await otherRow(p).waitFor({ state: 'detached' });
    expect(await accountsSection(p).getByRole('alert').count()).toBe(0);
  });

  it('moves the focus to the Accounts heading, not <body>, when the focused row leaves by an event', async () => {
    const { p, fake } = await accountsWithOtherFocused();

    removeOtherElsewhere(fake);
    await otherRow(p).waitFor({ state: 'detached' });
    await expectFocusedInView(
      accountsSection(p).getByRole('heading', { name: 'Accounts', exact: true }),
    );
    expect(await p.evaluate(() => document.activeElement === document.body)).toBe(false);
  });

  it('does not take the focus again for a later change once it has moved on from the heading', async () => {
    const { p, fake } = await accountsWithOtherFocused();
    removeOtherElsewhere(fake);
    const heading = accountsSection(p).getByRole('heading', { name: 'Accounts', exact: true });
    await expectFocusedInView(heading);

    // The merchant clicks the intro's text: the focus leaves the heading (to <body>).
    await accountsSection(p).getByText('Switch any time', { exact: false }).click();
    const third = { ...other, id: 3, name: 'Third shop' };
    fake.emit('accounts.changed', { accounts: [sampleAccount, third] });
    await p.getByRole('heading', { name: 'Third shop' }).waitFor();
    expect(await p.evaluate(() => document.activeElement?.id ?? null)).not.toBe('accounts-heading');
  });
});
