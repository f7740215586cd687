// A refunded sale says so on its row, and the desk's totals say what was refunded beside the net
// revenue (review helper-205).
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { waitForText } from '../../support/browser';
import { useRendererPages } from '../../support/renderer-pages';
import { createDeskFake, makeSale, type DeskFake } from './desk-fake-console';

const pages = useRendererPages();
const openDesk = (fake: DeskFake): Promise<Page> => pages.open(fake, { screen: 'Fulfilments' });

const rowOf = (p: Page, id: number) => p.locator(`.sale-row[data-sale-id="${id}"]`);

describe('refunded sales on the desk', () => {
  it('marks a partly and a fully refunded row, and not one nothing was refunded of', async () => {
    const now = Date.now();
    const eur = { currency: 'EUR', amount: 2100 };
    const partly = makeSale(1, now - 120_000, {
      ...eur,
      customerName: 'Part',
      refundedAmount: 500,
    });
    const fully = makeSale(2, now - 60_000, { ...eur, customerName: 'Full', refundedAmount: 2100 });
    const kept = makeSale(3, now, { ...eur, customerName: 'Kept' });
    const p = await openDesk(createDeskFake({ sales: [partly, fully, kept] }));
    await waitForText(rowOf(p, 1), 'Refunded €5.00');
    await waitForText(rowOf(p, 2), 'Refunded in full');
    expect(await rowOf(p, 3).textContent()).not.toMatch(/refunded/i);
    await waitForText(p.locator('.total-lines').first(), '€26.00 refunded');

    await rowOf(p, 1).getByRole('button', { name: 'Part' }).click();
    const dialog = p.getByRole('dialog', { name: /from Part/ });
    await waitForText(dialog, 'Refunded €5.00');
  });
});
