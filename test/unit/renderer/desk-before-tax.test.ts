// A sale recorded from the session's items (sync, API confirmation) may leave tax out: the row
// and the detail say "before tax" until the webhook's amount, tax included, replaces it.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { waitForText } from '../../support/browser';
import { useRendererPages } from '../../support/renderer-pages';
import { createDeskFake, makeSale, type DeskFake } from './desk-fake-console';

const pages = useRendererPages();
const openDesk = (fake: DeskFake): Promise<Page> => pages.open(fake, { screen: 'Fulfilments' });

const rowOf = (p: Page, id: number) => p.locator(`.sale-row[data-sale-id="${id}"]`);

describe('amounts that may exclude tax', () => {
  it('shows "before tax" on a synced sale, in its row and its detail, and not on a webhook sale', async () => {
    const now = Date.now();
    const synced = makeSale(1, now - 60_000, {
      customerName: 'Synced Buyer',
      source: 'sync',
      amountSource: 'session_items',
      taxIncluded: null,
      taxName: null,
      taxRate: null,
    });
    const paid = makeSale(2, now, {
      customerName: 'Webhook Buyer',
      source: 'webhook',
      amountSource: 'webhook',
      taxIncluded: true,
    });
    const p = await openDesk(createDeskFake({ sales: [synced, paid] }));
    await rowOf(p, 2).waitFor();
    await waitForText(rowOf(p, 1), 'Before tax');
    expect(await rowOf(p, 2).textContent()).not.toMatch(/before tax/i);

    await rowOf(p, 1).getByRole('button', { name: 'Synced Buyer' }).click();
    const dialog = p.getByRole('dialog', { name: /from Synced Buyer/ });
    await dialog.waitFor();
    const detail = await waitForText(dialog, 'Before tax');
    expect(detail).toContain('Quaderno may add tax at payment');
  });
});
