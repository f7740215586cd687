// A sale's Retry and Mark done wait for main without dropping the focus (BusyButton, not
// `disabled`): pressed from the keyboard, the button keeps the focus and reads as unavailable
// while main answers, a second press sends nothing, and once the delivery is on its way again
// the focus rests on its line.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectFocusedInView } from '../../support/focus-checks';
import type { BridgedConsole } from '../../support/http-bridge';
import { useRendererPages } from '../../support/renderer-pages';
import { createDeliveryFake } from './delivery-fake-console';
import { createDeskFake, makeSales } from './desk-fake-console';
import { holdNext, isFocused } from './held-call';

const pages = useRendererPages();

async function openSale(console: BridgedConsole, id: number): Promise<Page> {
  const p = await pages.open(console, { screen: 'Fulfilments' });
  await p
    .locator(`[data-sale-id="${id}"]`)
    .getByRole('button', { name: `Customer ${id}` })
    .click();
  return p;
}

describe('a sale’s delivery buttons while main answers', () => {
  for (const [method, label, busyLabel, after] of [
    ['jobs.retry', 'Retry', 'Retrying…', 'Email to the customer: on its way'],
    ['jobs.markDone', 'Mark done', 'Saving…', 'Email to the customer: marked done by you'],
  ] as const) {
    it(`${label} keeps the focus while it waits, and a second press sends nothing`, async () => {
      const fake = createDeliveryFake(createDeskFake({ sales: makeSales(3) }));
      fake.addJob(3, { status: 'needs_attention', attempts: 8, lastError: 'refused' });
      const p = await openSale(fake, 3);
      const row = p
        .getByRole('dialog')
        .getByRole('list', { name: 'Deliveries' })
        .getByRole('listitem');
      const button = row.getByRole('button', { name: label, exact: true });
      await button.waitFor();
      const held = holdNext(fake, method);
      const calls = () => fake.calls.filter((c) => c.name === method).length;

      await button.focus();
      await p.keyboard.press('Enter');
      await held.arrived;
      const waiting = row.getByRole('button', { name: busyLabel, exact: true });
      await expect.poll(() => waiting.getAttribute('aria-disabled')).toBe('true');
      expect(await isFocused(waiting)).toBe(true);
      await p.keyboard.press('Enter');
      held.release();

      await row.getByText(after).waitFor();
      expect(calls()).toBe(1);
      await expectFocusedInView(row.locator('.delivery-line'));
    });
  }
});
