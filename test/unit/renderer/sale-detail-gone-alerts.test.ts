// A Mark fulfilled or Undo refused for a sale main no longer has (its account removed, an older
// backup restored) is announced once, in main's words: on the sale detail, or on the desk when
// acting from the list, and not again by the detail's own note or a second notice once the sale
// is read again. The recorder (alerts-added) notes each alert the page adds, as a screen reader
// would announce it. In Chromium against the desk double, which refuses in main's own words.
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { notFound } from '../../../main/store';
import { waitForText } from '../../support/browser';
import { expectFocusedInView } from '../../support/focus-checks';
import { useRendererPages } from '../../support/renderer-pages';
import { recordAlerts } from './alerts-added';
import { createDeskFake, makeSales, type DeskFake } from './desk-fake-console';
import { fulfilSaleThree, openFulfilments, openSaleThree } from './sale-detail-pages';

const pages = useRendererPages();

/**
 * Sale 3 leaves main's ledger without the page hearing; from then on the alerts added are
 * recorded, and `button` (an action on sale 3) is clicked. Returns the recorded alerts.
 */
async function clickOnceSaleThreeHasGone(p: Page, desk: DeskFake, button: Locator) {
  desk.sales.splice(
    desk.sales.findIndex((s) => s.id === 3),
    1,
  );
  const alerts = await recordAlerts(p);
  await button.click();
  return alerts;
}

/** A rule fulfils sale 3 in main's ledger; the Undo it then offers in `on` (its row or detail). */
async function undoOnceFulfilled(desk: DeskFake, on: Locator): Promise<Locator> {
  fulfilSaleThree(desk);
  const undo = on.getByRole('button', { name: /^Undo/ });
  await undo.waitFor();
  return undo;
}

const GONE = notFound('sale', 3).message;

/** Main's words shown and focused, and the only alert added since `alerts` started, in `where`. */
async function expectAnnouncedOnce(p: Page, alerts: () => Promise<string[]>, where: string) {
  const notice = p.getByRole('alert');
  await waitForText(notice, GONE);
  await expectFocusedInView(notice);
  expect(await alerts()).toEqual([`${where}:${GONE}`]);
}

describe('the sale detail, when main no longer has the sale', () => {
  it("announces main's words once after Mark fulfilled", async () => {
    const desk = createDeskFake({ sales: makeSales(3) });
    const { p, dialog } = await openSaleThree(pages, desk);
    const markFulfilled = dialog.getByRole('button', { name: 'Mark fulfilled' });

    const alerts = await clickOnceSaleThreeHasGone(p, desk, markFulfilled);
    await markFulfilled.waitFor({ state: 'detached' });
    await expectAnnouncedOnce(p, alerts, 'DIALOG');
    expect(await dialog.getByText('What you see is what was read before').count()).toBe(0);
  });

  it("announces main's words once after Undo", async () => {
    const desk = createDeskFake({ sales: makeSales(3) });
    const { p, dialog } = await openSaleThree(pages, desk);
    const undo = await undoOnceFulfilled(desk, dialog);

    const alerts = await clickOnceSaleThreeHasGone(p, desk, undo);
    await undo.waitFor({ state: 'detached' });
    await expectAnnouncedOnce(p, alerts, 'DIALOG');
    expect(await dialog.getByText('What you see is what was read before').count()).toBe(0);
  });
});

describe('the sale list, when main no longer has the sale', () => {
  it("announces main's words once after Mark fulfilled, as the row goes", async () => {
    const desk = createDeskFake({ sales: makeSales(3) });
    const p = await openFulfilments(pages, desk);
    const row = p.locator('[data-sale-id="3"]');
    await row.waitFor();

    const alerts = await clickOnceSaleThreeHasGone(
      p,
      desk,
      row.getByRole('button', { name: 'Mark fulfilled' }),
    );
    await row.waitFor({ state: 'detached' });
    await expectAnnouncedOnce(p, alerts, 'DIV');
  });

  it("announces main's words once after Undo, as the row goes", async () => {
    const desk = createDeskFake({ sales: makeSales(3) });
    const p = await openFulfilments(pages, desk);
    const row = p.locator('[data-sale-id="3"]');
    const undo = await undoOnceFulfilled(desk, row);

    const alerts = await clickOnceSaleThreeHasGone(p, desk, undo);
    await row.waitFor({ state: 'detached' });
    await expectAnnouncedOnce(p, alerts, 'DIV');
  });
});
