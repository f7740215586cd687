// When Mark fulfilled or Undo fails, the desk reads the sale again: main may have changed it
// without the page hearing (a rule delivered it, another window undid it), so the detail would
// keep offering an action main refused, and a list row would keep a sale main no longer has.
// The merchant sees the sale as main has it now, with why the action failed. In Chromium
// against the desk double, which answers a missing sale in main's own words.
import { describe, expect, it } from 'vitest';
import { notFound } from '../../../main/store';
import { waitForText } from '../../support/browser';
import { expectFocusedInView } from '../../support/focus-checks';
import { useRendererPages } from '../../support/renderer-pages';
import { createDeskFake, makeSales, type DeskFake } from './desk-fake-console';
import { fulfilSaleThree, openFulfilments, openSaleThree } from './sale-detail-pages';

const pages = useRendererPages();

/** Sale 3 as main has it now, changed in a way the page has not heard about. */
function changeSaleThreeQuietly(desk: DeskFake, change: object) {
  Object.assign(desk.sales.find((s) => s.id === 3) ?? {}, change);
}

/** Sale 3 leaves main's ledger (its account was removed) and the page has not heard. */
function removeSaleThreeQuietly(desk: DeskFake) {
  desk.sales.splice(
    desk.sales.findIndex((s) => s.id === 3),
    1,
  );
}

describe('the sale detail, when Mark fulfilled or Undo fails', () => {
  it('shows the sale as main has it now after Mark fulfilled fails, and why it failed', async () => {
    const desk = createDeskFake({ sales: makeSales(3) });
    const { dialog } = await openSaleThree(pages, desk);
    changeSaleThreeQuietly(desk, {
      status: 'fulfilled',
      fulfilledAt: new Date().toISOString(),
      note: "Fulfilled by rule 'Course email'",
    });
    desk.failing.set('fulfillments.markFulfilled', 'The sales ledger is busy.');

    await dialog.getByRole('button', { name: 'Mark fulfilled' }).click();
    await waitForText(dialog.getByRole('alert'), 'The sales ledger is busy.');
    await waitForText(dialog, "Fulfilled by rule 'Course email'");
    await dialog.getByRole('button', { name: /^Undo/ }).waitFor();
    expect(await dialog.getByRole('button', { name: 'Mark fulfilled' }).count()).toBe(0);
  });

  it('shows the sale as main has it now after Undo fails, and why it failed', async () => {
    const desk = createDeskFake({ sales: makeSales(3) });
    const { dialog } = await openSaleThree(pages, desk);
    fulfilSaleThree(desk);
    const undo = dialog.getByRole('button', { name: /^Undo/ });
    await undo.waitFor();
    changeSaleThreeQuietly(desk, { status: 'new', fulfilledAt: null, note: null });
    desk.failing.set('fulfillments.undo', 'The sales ledger is busy.');

    await undo.click();
    await waitForText(dialog.getByRole('alert'), 'The sales ledger is busy.');
    await dialog.getByRole('button', { name: 'Mark fulfilled' }).waitFor();
    await waitForText(dialog, 'To deliver');
    expect(await undo.count()).toBe(0);
  });

  it("says what main said and offers no action when the sale is no longer in main's ledger", async () => {
    const desk = createDeskFake({ sales: makeSales(3) });
    const { dialog } = await openSaleThree(pages, desk);
    removeSaleThreeQuietly(desk);

    const mark = dialog.getByRole('button', { name: 'Mark fulfilled' });
    await mark.click();
    await mark.waitFor({ state: 'detached' });
    const alert = dialog.getByRole('alert');
    await waitForText(alert, notFound('sale', 3).message);
    expect(await dialog.getByRole('button', { name: /^Undo/ }).count()).toBe(0);
    // One message, main's: the detail's own note for a sale gone does not repeat it.
    expect(await dialog.getByText('What you see is what was read before').count()).toBe(0);
    // The button went with the sale: the focus stays in the dialog, on what main said.
    await expectFocusedInView(alert);
  });
});

describe('the sale list, when Mark fulfilled fails for a sale main no longer has', () => {
  it("says what main said and reads the list again, so the sale's row goes", async () => {
    const desk = createDeskFake({ sales: makeSales(3) });
    const p = await openFulfilments(pages, desk);
    const row = p.locator('[data-sale-id="3"]');
    await row.waitFor();
    removeSaleThreeQuietly(desk);

    await row.getByRole('button', { name: 'Mark fulfilled' }).click();
    const alert = p.getByRole('alert');
    await waitForText(alert, notFound('sale', 3).message);
    await row.waitFor({ state: 'detached' });
    expect(await p.locator('[data-sale-id]').count()).toBe(2);
    // The row's button went with it: what main said takes the focus, not <body>.
    await expectFocusedInView(alert);
  });
});
