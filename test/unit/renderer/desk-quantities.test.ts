// A sale for three hours of consulting says so in its row and its detail (issue 17, bug 1); a
// sale whose quantity nobody reported says only the product, never a made-up "1 ×".
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { waitForText } from '../../support/browser';
import { useRendererPages } from '../../support/renderer-pages';
import { createDeskFake, makeSale } from './desk-fake-console';

const pages = useRendererPages();

const rowOf = (p: Page, id: number) => p.locator(`.sale-row[data-sale-id="${id}"]`);

describe('quantities on the desk', () => {
  it('shows "3 × Consulting Hour" in the row and the detail, and no count when it is unknown', async () => {
    const now = Date.now();
    const hours = makeSale(1, now - 60_000, {
      customerName: 'Ann Lee',
      products: [{ code: 'prod_hour', name: 'Consulting Hour', quantity: 3, unitAmount: 12_000 }],
    });
    const unknown = makeSale(2, now, {
      customerName: 'Bo Ek',
      products: [{ code: 'prod_hour', name: 'Consulting Hour', quantity: null, unitAmount: null }],
    });
    const p = await pages.open(createDeskFake({ sales: [hours, unknown] }), {
      screen: 'Fulfilments',
    });

    await waitForText(rowOf(p, 1), '3 × Consulting Hour');
    const other = await waitForText(rowOf(p, 2), 'Consulting Hour');
    expect(other).not.toContain('×');

    await rowOf(p, 1).getByRole('button', { name: 'Ann Lee' }).click();
    const dialog = p.getByRole('dialog', { name: /from Ann Lee/ });
    await waitForText(dialog, '3 × Consulting Hour');
  });
});
