// The words for webhooks a Remove left at Quaderno on Settings › Accounts (preload/webhooks-left.ts):
// kept by the app, not the list, so a later Remove that left none does not drop them, another
// that left some adds its ids, and leaving Settings does not lose them; Close puts them away and
// gives the focus to the Accounts heading. In Chromium against the desk double, whose Remove
// answers with the webhooks each account leaves.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Account } from '../../../preload/contract';
import { secretsLeftAdvice, webhooksLeftAdvice } from '../../../preload/webhooks-left';
import { dispatch, type Handlers } from '../../../main/dispatch';
import { ConsoleError } from '../../../main/errors';
import { accountGone } from '../../../main/store';
import type { BridgedConsole } from '../../support/http-bridge';
import { waitForText } from '../../support/browser';
import { expectFocusedInView } from '../../support/focus-checks';
import { goToScreen, useRendererPages } from '../../support/renderer-pages';
import { createDeskFake } from './desk-fake-console';
import { fakeHandlers, sampleAccount } from './fake-console';

const pages = useRendererPages();

const shop = (id: number, name: string): Account => ({
  ...sampleAccount,
  id,
  name,
  apiUrl: `https://${name.toLowerCase().replace(/ /g, '-')}.quadernoapp.com/api/`,
  active: false,
});

/**
 * The desk double with Acme in use and three more; Remove answers `left[id]` as the webhooks
 * left and `secrets[id]` as the keychain entries left.
 */
function accountsFake(
  left: Record<number, number[]>,
  secrets: Record<number, string[]> = {},
): BridgedConsole {
  const desk = createDeskFake();
  const accounts = [
    sampleAccount,
    shop(2, 'Second shop'),
    shop(3, 'Third shop'),
    shop(4, 'Fourth shop'),
  ];
  const own: Partial<Handlers> = {
    'accounts.list': async () => accounts.map((a) => ({ ...a })),
    'accounts.remove': async ({ id }) => {
      const at = accounts.findIndex((a) => a.id === id);
      if (at < 0) throw new ConsoleError('not_found', accountGone(id));
      accounts.splice(at, 1);
      desk.emit('accounts.changed', { accounts: accounts.map((a) => ({ ...a })) });
      return { removed: true, webhooksLeft: left[id] ?? [], secretsLeft: secrets[id] ?? [] };
    },
  };
  const handlers = fakeHandlers(own);
  return {
    onAny: desk.onAny,
    dispatch: (name: unknown, input: unknown) =>
      typeof name === 'string' && name in own
        ? dispatch(handlers, name, input)
        : desk.dispatch(name, input),
  };
}

const accountsSection = (p: Page) => p.getByRole('region', { name: 'Accounts' });
const row = (p: Page, name: string) =>
  p.getByRole('listitem').filter({ has: p.getByRole('heading', { name }) });
const notice = (p: Page) => accountsSection(p).getByRole('status').filter({ hasText: 'by hand' });

async function remove(p: Page, name: string): Promise<void> {
  await row(p, name).getByRole('button', { name: 'Remove…' }).click();
  await row(p, name).getByRole('button', { name: 'Remove account' }).click();
  await row(p, name).waitFor({ state: 'detached' });
}

describe('Settings › Accounts, the webhooks Removes left at Quaderno', () => {
  it('keeps them over a Remove that left none, adds the next ones, and keeps them while away', async () => {
    const fake = accountsFake({ 2: [42], 4: [43, 44] });
    const p = await pages.open(fake, {
      screen: 'Settings',
      viewport: { width: 1280, height: 800 },
    });
    await row(p, 'Second shop').waitFor();

    await remove(p, 'Second shop');
    await waitForText(notice(p), webhooksLeftAdvice([42]));
    await remove(p, 'Third shop');
    await remove(p, 'Fourth shop');
    await waitForText(notice(p), webhooksLeftAdvice([42, 43, 44]));

    await goToScreen(p, 'Links');
    await goToScreen(p, 'Settings');
    await waitForText(notice(p), webhooksLeftAdvice([42, 43, 44]));
  });

  it('says which keychain entries a Remove could not delete, beside the webhooks left', async () => {
    const key = 'api-key:https://second-shop.quadernoapp.com/api/';
    const fake = accountsFake({ 3: [43] }, { 2: [key], 3: ['smtp-password:3'] });
    const p = await pages.open(fake, {
      screen: 'Settings',
      viewport: { width: 1280, height: 800 },
    });
    await remove(p, 'Second shop');
    await waitForText(notice(p), secretsLeftAdvice([key]));
    expect(
      await notice(p)
        .getByText(/webhook/)
        .count(),
    ).toBe(0);

    await remove(p, 'Third shop');
    await waitForText(notice(p), webhooksLeftAdvice([43]));
    await waitForText(notice(p), secretsLeftAdvice([key, 'smtp-password:3']));
  });

  it('puts them away on Close and gives the focus to the Accounts heading', async () => {
    const fake = accountsFake({ 2: [42] });
    const p = await pages.open(fake, {
      screen: 'Settings',
      viewport: { width: 1280, height: 800 },
    });
    await remove(p, 'Second shop');
    await waitForText(notice(p), webhooksLeftAdvice([42]));

    await notice(p).getByRole('button', { name: 'Close' }).click();
    await notice(p).waitFor({ state: 'detached' });
    await expectFocusedInView(
      accountsSection(p).getByRole('heading', { name: 'Accounts', exact: true }),
    );
    expect(await accountsSection(p).getByText('by hand').count()).toBe(0);
  });
});
