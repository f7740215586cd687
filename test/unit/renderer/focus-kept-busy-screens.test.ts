// Keyboard only, in Chromium: the remaining buttons that wait for their own action keep the focus
// (aria-disabled, not disabled, so it does not fall to <body> and the next Tab does not start
// again at the sidebar), and one its action takes away hands the focus on: an answered sound
// question and a banner gone with the outage to the screen's heading, Process again to its line's
// View raw event, Mark fulfilled to Undo and back.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { ActivityItem } from '../../../preload/contract';
import { expectFocusedInView } from '../../support/focus-checks';
import type { BridgedConsole } from '../../support/http-bridge';
import { goToSettingsSection, useRendererPages } from '../../support/renderer-pages';
import { createDeliveryFake } from './delivery-fake-console';
import { createDeskFake, makeSales } from './desk-fake-console';
import { createDraftsFake } from './drafts-fake-console';
import { holdNext, isFocused, pressHeld, pressWhileHeld } from './held-call';
import { createLinksFake, openLinksScreen } from './links-fake-console';

const pages = useRendererPages();
const viewport = { width: 1280, height: 800 };

const screenHeading = (p: Page, name: string) =>
  p.getByRole('heading', { level: 1, name, exact: true });

describe('a button that waits for its action keeps the focus', () => {
  it('No sound, then the answered question leaves the focus on the screen’s heading', async () => {
    const fake = createDeskFake({ sales: makeSales(1) });
    const p = await pages.open(fake, { screen: 'Fulfilments', viewport });
    const question = p.getByRole('region', { name: 'Play a sound for each new sale?' });
    const none = question.getByRole('button', { name: 'No sound', exact: true });
    const held = holdNext(fake, 'settings.update');
    await pressWhileHeld(p, none, held);
    expect(
      await question
        .getByRole('button', { name: 'Play a sound', exact: true })
        .getAttribute('aria-disabled'),
    ).toBe('true');
    held.release();
    await question.waitFor({ state: 'detached' });
    // (Its sticky bar leaves it half a pixel above the window: no in-view check.)
    await expect.poll(() => isFocused(screenHeading(p, 'Fulfilments'))).toBe(true);
    expect(fake.settings.saleSound).toBe(false);
    expect(held.calls()).toBe(1);
  });

  it('Restart sandbox, then the banner gone with the outage leaves it on the heading', async () => {
    const fake = createDraftsFake({ sandbox: true });
    const p = await openLinksScreen(pages, fake, { viewport });
    fake.setOnline(false);
    const banner = p.getByRole('status').filter({ hasText: 'Offline.' });
    const restart = banner.getByRole('button', {
      name: /^(Restart sandbox|Restarting the sandbox…)$/,
    });
    await pressHeld(p, restart, holdNext(fake, 'accounts.useSandbox'));
    // Main says the sandbox answers again: the banner and its button go.
    fake.setOnline(true);
    await expect.poll(() => restart.count()).toBe(0);
    await expectFocusedInView(screenHeading(p, 'Links'));
  });

  it('Process again, then its line’s View raw event once it has nothing to process', async () => {
    const fake = createDeskFake();
    const at = new Date().toISOString();
    const failed: ActivityItem = {
      kind: 'event',
      key: 'event:1',
      at,
      message: 'Received a sale that could not be recorded',
      event: {
        id: 1,
        receivedAt: at,
        eventType: 'checkout.succeeded',
        sessionId: 9001,
        processedAt: null,
        fulfillmentId: null,
        verification: 'valid',
        reason: null,
        processError: 'The database was busy.',
        canReprocess: true,
      },
    };
    fake.activity.push(failed);
    const p = await pages.open(fake, { screen: 'Activity', viewport });
    const line = p
      .getByRole('list', { name: 'Activity' })
      .getByRole('listitem')
      .filter({ hasText: 'The database was busy.' });
    const again = line.getByRole('button', { name: /^(Process again|Processing…)$/ });
    const held = holdNext(fake, 'events.reprocess');
    await pressWhileHeld(p, again, held);
    held.release();
    await p.getByText('Event processed', { exact: true }).waitFor();
    await expect.poll(() => again.count()).toBe(0);
    await expectFocusedInView(
      p.getByRole('listitem').filter({ hasText: 'Event processed' }).getByRole('button', {
        name: 'View raw event',
        exact: true,
      }),
    );
    expect(held.calls()).toBe(1);
  });

  it('Add keys in Settings › Fulfilment', async () => {
    const fake = createDeliveryFake();
    const p = await pages.open(fake, { screen: 'Settings', viewport });
    await goToSettingsSection(p, 'Fulfilment');
    const keys = p.getByRole('region', { name: 'Licence keys' });
    await keys.getByLabel('Product').selectOption('APP');
    await keys.getByLabel('Keys, one per line').fill('KEY-1\nKEY-2');
    const add = keys.getByRole('button', { name: /^(Add keys|Adding…)$/ });
    await pressHeld(p, add, holdNext(fake, 'keys.add'));
    await keys.getByRole('status').getByText('Added 2 keys', { exact: false }).waitFor();
    expect(await isFocused(add)).toBe(true);
    expect(fake.keys.map((k) => k.key)).toEqual(['KEY-1', 'KEY-2']);
  });

  it('Copy as image under a link’s row', async () => {
    const links = createLinksFake();
    let copies = 0;
    const fake: BridgedConsole = {
      ...links,
      async dispatch(name, input) {
        if (name !== 'links.copyQr') return links.dispatch(name, input);
        copies += 1;
        return { ok: true, value: { copied: true } };
      },
    };
    const p = await openLinksScreen(pages, fake, { viewport });
    await links.dispatch('links.create', {
      customer: { email: 'jane@example.com', firstName: 'Jane', lastName: 'Doe' },
      items: [{ product: 'prod_guide', quantity: 1 }],
    });
    const row = p.getByRole('listitem').filter({ hasText: 'Jane Doe' });
    await row.getByRole('button', { name: /^QR code/ }).click();
    const copy = row.getByRole('button', { name: 'Copy as image', exact: true });
    await pressHeld(p, copy, holdNext(fake, 'links.copyQr'));
    await row.getByRole('status').filter({ hasText: 'Image copied' }).waitFor();
    expect(copies).toBe(1);
  });

  it('Mark fulfilled on a sale’s row and in its dialog, the focus then on Undo', async () => {
    const fake = createDeskFake({ sales: makeSales(3) });
    const p = await pages.open(fake, { screen: 'Fulfilments', viewport });
    const row = p.locator('[data-sale-id="3"]');
    const action = row.getByRole('button', { name: /^(Mark fulfilled|Undo)$/ });
    let held = holdNext(fake, 'fulfillments.markFulfilled');
    await pressWhileHeld(p, action, held);
    held.release();
    await row.getByRole('button', { name: 'Undo', exact: true }).waitFor();
    await expect.poll(() => action.getAttribute('aria-disabled')).toBe('false');
    expect(await isFocused(action)).toBe(true);

    await p.locator('[data-sale-id="1"]').getByRole('button', { name: 'Customer 1' }).click();
    const dialog = p.getByRole('dialog');
    const mark = dialog.getByRole('button', { name: /^(Mark fulfilled|Saving…)$/ });
    held = holdNext(fake, 'fulfillments.markFulfilled');
    await pressWhileHeld(p, mark, held);
    held.release();
    await expectFocusedInView(dialog.getByRole('button', { name: /^Undo/ }));
    expect(held.calls()).toBe(1);
    expect(
      fake.sales
        .filter((s) => s.status === 'fulfilled')
        .map((s) => s.id)
        .sort(),
    ).toEqual([1, 2, 3]);

    // And back: the dialog's Undo waits with the focus, which then goes to Mark fulfilled.
    const undo = dialog.getByRole('button', { name: /^Undo/ });
    held = holdNext(fake, 'fulfillments.undo');
    await pressWhileHeld(p, undo, held);
    held.release();
    await expectFocusedInView(dialog.getByRole('button', { name: 'Mark fulfilled', exact: true }));
    expect(held.calls()).toBe(1);
    expect(fake.sales.find((s) => s.id === 1)?.status).toBe('new');
  });
});
