// Keyboard only, in Chromium: the last buttons that were `disabled` while their own action ran
// (Check connection, a link form's Create link and Sync catalogue, Create a new one instead, the lists' "more"
// buttons, Sync now, Save pages) wait as BusyButtons instead, keeping the focus, and a second
// press meanwhile sends nothing. Sync now waits the same way while Quaderno cannot be reached
// (a link's Edit and Cancel… too: link-drafts.test.ts), so a lost connection does not drop the
// focus to <body> either. A "more" button gone with the last page hands the focus to the
// screen's heading.
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { DoctorReport, Events } from '../../../preload/contract';
import { useCleanups } from '../../support/cleanups';
import { expectFocusedInView } from '../../support/focus-checks';
import type { BridgedConsole } from '../../support/http-bridge';
import { useRendererPages } from '../../support/renderer-pages';
import { useTempDir } from '../../support/temp-dir';
import { createDeskFake } from './desk-fake-console';
import { sampleAccount } from './fake-console';
import {
  expectIgnoredWhileWaiting,
  holdNext,
  isFocused,
  pressHeld,
  pressWhileHeld,
} from './held-call';
import { createLinksFake, openLinksScreen, pickProduct } from './links-fake-console';
import { createSettingsFake } from './settings-fake-console';

const tmp = useTempDir('cc-focus-remaining-');
const pages = useRendererPages();
const { closing } = useCleanups();
const viewport = { width: 1280, height: 800 };

const screenHeading = (p: Page, name: string) =>
  p.getByRole('heading', { level: 1, name, exact: true });
const ariaDisabled = (control: Locator) => control.getAttribute('aria-disabled');
/**
 * A list's "more" button pressed from the keyboard for the next page and then the last, each
 * answer held: it keeps the focus while a page loads (`counts`: rows after each), and goes once
 * the last page is in (the caller checks where the focus went).
 */
async function pressMoreToTheEnd(
  p: Page,
  fake: BridgedConsole,
  o: { more: Locator; rows: Locator; method: string; counts: [number, number] },
): Promise<void> {
  await pressHeld(p, o.more, holdNext(fake, o.method));
  await expect.poll(() => o.rows.count()).toBe(o.counts[0]);
  expect(await isFocused(o.more)).toBe(true);
  const held = holdNext(fake, o.method);
  await pressWhileHeld(p, o.more, held);
  held.release();
  await expect.poll(() => o.rows.count()).toBe(o.counts[1]);
  await expect.poll(() => o.more.count()).toBe(0);
}
const describedBy = (control: Locator) =>
  control.evaluate(
    (el) => document.getElementById(el.getAttribute('aria-describedby') ?? '')?.textContent,
  );

const offline: Events['connectivity.changed'] = {
  online: false,
  reason: 'Quaderno cannot be reached.',
};
const online: Events['connectivity.changed'] = { online: true, reason: null };

describe('Settings › Accounts', () => {
  it('Check connection keeps the focus while Quaderno is asked', async () => {
    const desk = createDeskFake();
    const report: DoctorReport = {
      account: { name: 'Acme', kind: 'test', apiUrl: 'https://acme.quadernoapp.com/api/' },
      startedAt: '2026-11-29T10:00:00.000Z',
      finishedAt: '2026-11-29T10:00:01.000Z',
      ok: true,
      checks: [{ name: 'ping', status: 'pass', summary: 'Quaderno answered.', details: {} }],
      text: 'Checkout Console connection check — Acme (test)',
    };
    const fake: BridgedConsole = {
      onAny: desk.onAny,
      dispatch: async (name, input) =>
        name === 'accounts.checkConnection'
          ? { ok: true, value: report }
          : desk.dispatch(name, input),
    };
    const p = await pages.open(fake, { screen: 'Settings', viewport });
    const check = p.getByRole('button', { name: /^(Check connection|Checking…)$/ });
    await pressHeld(p, check, holdNext(fake, 'accounts.checkConnection'));
    await p.getByRole('region', { name: 'Connection check for Acme' }).waitFor();
    expect(await isFocused(check)).toBe(true);
  });

  it('Connect account: Enter in a page field keeps the focus there while it is saved', async () => {
    const fake = closing(createSettingsFake(tmp.file('console.db'), sampleAccount));
    const p = await pages.open(fake, { screen: 'Settings', viewport });
    await p.getByRole('button', { name: 'Connect a Quaderno account' }).click();
    await p.getByLabel('Account name or API URL').fill('shop');
    await p.getByLabel('Secret API key').fill('sk_live_abc');
    const page = p.getByLabel('After payment, send the customer to');
    await page.fill('https://shop.example/thanks');
    const held = holdNext(fake, 'settings.update');
    await page.press('Enter');
    await held.arrived;
    // Read-only, not disabled: a disabled field would drop the focus to <body>.
    await expect.poll(() => page.evaluate((el) => (el as HTMLInputElement).readOnly)).toBe(true);
    expect(await page.isDisabled()).toBe(false);
    expect(await isFocused(page)).toBe(true);
    await page.press('Enter');
    expect(held.calls()).toBe(1);
    held.release();
    await expect.poll(() => fake.added).toEqual(['shop']);
  });
});

describe('Links', () => {
  it('Create link keeps the focus and Discard waits too; Enter in a field sends nothing', async () => {
    const fake = createLinksFake();
    const p = await openLinksScreen(pages, fake, { viewport });
    await p.getByRole('button', { name: 'New link', exact: true }).click();
    const email = p.getByLabel('Email', { exact: true });
    await email.fill('jane@example.com');
    await pickProduct(p, 'Product');
    const create = p.getByRole('button', { name: /^(Create link|Working…)$/ });
    const held = holdNext(fake, 'links.create');
    await pressWhileHeld(p, create, held);
    expect(await ariaDisabled(p.getByRole('button', { name: 'Discard', exact: true }))).toBe(
      'true',
    );
    await email.press('Enter');
    expect(held.calls()).toBe(1);
    held.release();
    await expectFocusedInView(p.getByRole('heading', { name: 'Link ready' }));
    expect(fake.links).toHaveLength(1);
  });

  it('Sync catalogue keeps the focus, then hands it to the first Product field', async () => {
    const fake = createLinksFake();
    let synced = false;
    const listed = fake.dispatch.bind(fake);
    fake.dispatch = async (name, input) => {
      if (name === 'products.list' && !synced) return { ok: true, value: [] };
      const answer = await listed(name, input);
      if (name === 'products.sync') synced = true;
      return answer;
    };
    const p = await openLinksScreen(pages, fake, { viewport });
    await p.getByRole('button', { name: 'New link', exact: true }).click();
    const sync = p.getByRole('button', { name: /^(Sync catalogue|Syncing…)$/ });
    const held = holdNext(fake, 'products.sync');
    await pressWhileHeld(p, sync, held);
    held.release();
    await expectFocusedInView(p.getByRole('combobox', { name: 'Product', exact: true }));
  });

  it('Create a new one instead keeps the focus until the new link is ready', async () => {
    const fake = createLinksFake();
    const p = await openLinksScreen(pages, fake, { viewport });
    for (let i = 0; i < 2; i += 1) {
      await p
        .getByRole('button', { name: /^New link$|^Another link$/ })
        .first()
        .click();
      await p.getByLabel('Email', { exact: true }).fill('jane@example.com');
      await pickProduct(p, 'Product');
      await p.getByRole('button', { name: 'Create link' }).click();
      await p.getByRole('heading', { name: /^(Link ready|Open link found)$/ }).waitFor();
    }
    await p.getByRole('heading', { name: 'Open link found' }).waitFor();
    const fresh = p.getByRole('button', { name: /^(Create a new one instead|Creating…)$/ });
    const held = holdNext(fake, 'links.create');
    await pressWhileHeld(p, fresh, held);
    held.release();
    await expectFocusedInView(p.getByRole('heading', { name: 'Link ready' }));
    expect(fake.links).toHaveLength(2);
  });

  it('Show more keeps the focus while a page loads, and gives it to the heading after the last', async () => {
    const fake = createLinksFake();
    for (let i = 1; i <= 101; i += 1) {
      await fake.dispatch('links.create', {
        customer: { email: `buyer${i}@example.com` },
        items: [{ product: 'prod_course', quantity: 1 }],
      });
    }
    const p = await openLinksScreen(pages, fake, { viewport });
    const rows = p.getByRole('list', { name: 'Links' }).getByRole('listitem');
    await expect.poll(() => rows.count()).toBe(50);
    const more = p.getByRole('button', { name: 'Show more', exact: true });
    await pressMoreToTheEnd(p, fake, { more, rows, method: 'links.list', counts: [100, 101] });
    await expectFocusedInView(screenHeading(p, 'Links'));
  });
});

describe('Activity', () => {
  it('Show older entries keeps the focus, and gives it to the heading after the last page', async () => {
    const fake = createDeskFake();
    for (let i = 250; i >= 1; i -= 1) {
      fake.activity.push({
        kind: 'log',
        key: `log:${i}`,
        at: new Date(Date.now() - (250 - i) * 60_000).toISOString(),
        message: `Happening number ${i}`,
        logKind: 'note',
        detail: {},
      });
    }
    const p = await pages.open(fake, { screen: 'Activity', viewport });
    const rows = p.getByRole('list', { name: 'Activity' }).getByRole('listitem');
    await p.getByText('250 entries').waitFor();
    const more = p.getByRole('button', { name: 'Show older entries', exact: true });
    await pressMoreToTheEnd(p, fake, { more, rows, method: 'activity.list', counts: [200, 250] });
    await expectFocusedInView(screenHeading(p, 'Activity'));
  });
});

describe('Sync now', () => {
  it('keeps the focus while it runs, and when the connection is lost meanwhile', async () => {
    const fake = createDeskFake();
    const p = await pages.open(fake, { screen: 'Fulfilments', viewport });
    const sync = p
      .getByRole('region', { name: 'Live status' })
      .getByRole('button', { name: 'Sync now' });
    await pressHeld(p, sync, holdNext(fake, 'sync.run'));

    const held = holdNext(fake, 'sync.run');
    await pressWhileHeld(p, sync, held);
    fake.connectivity = offline;
    fake.emit('connectivity.changed', offline);
    await p.getByText('Sync waits for the connection.').first().waitFor();
    expect(await isFocused(sync)).toBe(true);
    held.release();
    await expect.poll(() => describedBy(sync)).toBe('Sync waits for the connection.');
    expect(await ariaDisabled(sync)).toBe('true');
    expect(await isFocused(sync)).toBe(true);
    await expectIgnoredWhileWaiting(p, sync);
    expect(held.calls()).toBe(1);

    fake.connectivity = online;
    fake.emit('connectivity.changed', online);
    await expect.poll(() => ariaDisabled(sync)).toBe('false');
    expect(await isFocused(sync)).toBe(true);
  });
});

describe('Save pages in the placeholder warning on Links', () => {
  it('keeps the focus while the pages are saved, then gives it to the heading', async () => {
    const fake = closing(createSettingsFake(tmp.file('console.db'), sampleAccount));
    const p = await openLinksScreen(pages, fake, { viewport });
    const warning = p.getByRole('region', { name: 'Placeholder pages' });
    await warning.getByRole('button', { name: 'Set your pages' }).click();
    const page = warning.getByLabel('After payment, send the customer to');
    await page.fill('https://shop.example/thanks');
    await warning
      .getByLabel('If the customer cancels, send them to')
      .fill('https://shop.example/cart');
    const save = warning.getByRole('button', { name: /^(Save pages|Saving…)$/ });
    const held = holdNext(fake, 'settings.update');
    await pressWhileHeld(p, save, held);
    const discard = warning.getByRole('button', { name: 'Discard changes', exact: true });
    expect(await ariaDisabled(discard)).toBe('true');
    expect(await page.isDisabled()).toBe(false);
    await page.press('Enter');
    expect(held.calls()).toBe(1);
    held.release();
    await warning.waitFor({ state: 'detached' });
    await expectFocusedInView(screenHeading(p, 'Links'));
    expect(fake.settings()).toMatchObject({ successUrl: 'https://shop.example/thanks' });
  });

  it('Discard changes gives the focus back to Set your pages', async () => {
    const fake = closing(createSettingsFake(tmp.file('console.db'), sampleAccount));
    const p = await openLinksScreen(pages, fake, { viewport });
    const warning = p.getByRole('region', { name: 'Placeholder pages' });
    const set = warning.getByRole('button', { name: 'Set your pages', exact: true });
    await set.focus();
    await p.keyboard.press('Enter');
    const discard = warning.getByRole('button', { name: 'Discard changes', exact: true });
    await discard.focus();
    await p.keyboard.press('Enter');
    await expectFocusedInView(set);
  });
});
