// The desk's Fulfilments screen and the detail of its sale 3 (to deliver), opened as the sale
// detail tests start: the screen at 1280×800, then the sale's row clicked and its dialog ready;
// and sale 3 fulfilled by a rule in main's ledger, as the tests change it.
import type { Page } from 'playwright-core';
import type { RendererPages } from '../../support/renderer-pages';
import type { DeskFake } from './desk-fake-console';

/** The Fulfilments screen over `desk`, at 1280×800. */
export function openFulfilments(pages: RendererPages, desk: DeskFake): Promise<Page> {
  return pages.open(desk, { screen: 'Fulfilments', viewport: { width: 1280, height: 800 } });
}

/** Opens sale 3 from the list on `p`; its dialog once it offers Mark fulfilled. */
export async function openSaleThreeOn(p: Page) {
  await p.locator('[data-sale-id="3"]').getByRole('button', { name: 'Customer 3' }).click();
  const dialog = p.getByRole('dialog', { name: /from Customer 3/ });
  await dialog.getByRole('button', { name: 'Mark fulfilled' }).waitFor();
  return dialog;
}

/** Opens sale 3 (to deliver) on the desk; returns the page and its detail, ready. */
export async function openSaleThree(pages: RendererPages, desk: DeskFake) {
  const p = await openFulfilments(pages, desk);
  return { p, dialog: await openSaleThreeOn(p) };
}

/** A rule fulfils sale 3 in main's ledger, and main says so. */
export function fulfilSaleThree(desk: DeskFake) {
  const sale = desk.sales.find((s) => s.id === 3);
  Object.assign(sale ?? {}, {
    status: 'fulfilled',
    fulfilledAt: new Date().toISOString(),
    note: "Fulfilled by rule 'Course email'",
  });
  desk.emit('fulfillments.changed', { ids: [3] });
}
