// A Mark fulfilled or Undo refused for a sale main no longer has (its account removed, an older
// backup restored) is announced once, in main's words: on the sale detail, or on the desk when
// acting from the list, and not again by the detail's own note or a second notice once the sale
// is read again. The recorder (alerts-added) notes each alert the page adds, as a screen reader
// would announce it. In Chromium against the desk double, which refuses in main's own words.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { notFound } from '../../../main/store';
import { waitForText } from '../../support/browser';
import { expectFocusedInView } from '../../support/focus-checks';
import { useRendererPages } from '../../support/renderer-pages';
import { recordAlerts } from './alerts-added';
import { createDeskFake, makeSales, type DeskFake } from './desk-fake-console';
import { fulfilSaleThree, openFulfilments, openSaleThree } from './sale-detail-pages';

const pages = useRendererPages();

/** Sale 3 leaves main's ledger and the page has not heard. */
function removeSaleThreeQuietly(desk: DeskFake) {
  desk.sales.splice(
    desk.sales.findIndex((s) => s.id === 3),
    1,
  );
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
    removeSaleThreeQuietly(desk);
    const alerts = await recordAlerts(p);

    await dialog.getByRole('button', { name: 'Mark fulfilled' }).click();
    await dialog.getByRole('button', { name: 'Mark fulfilled' }).waitFor({ state: 'detached' });
    await expectAnnouncedOnce(p, alerts, 'DIALOG');
    expect(await dialog.getByText('What you see is what was read before').count()).toBe(0);
  });

  it("announces main's words once after Undo", async () => {
    const desk = createDeskFake({ sales: makeSales(3) });
    const { p, dialog } = await openSaleThree(pages, desk);
    fulfilSaleThree(desk);
    const undo = dialog.getByRole('button', { name: /^Undo/ });
    await undo.waitFor();
    removeSaleThreeQuietly(desk);
    const alerts = await recordAlerts(p);

    await undo.click();
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
    removeSaleThreeQuietly(desk);
    const alerts = await recordAlerts(p);

    await row.getByRole('button', { name: 'Mark fulfilled' }).click();
    await row.waitFor({ state: 'detached' });
    await expectAnnouncedOnce(p, alerts, 'DIV');
  });

  it("announces main's words once after Undo, as the row goes", async () => {
    const desk = createDeskFake({ sales: makeSales(3) });
    const p = await openFulfilments(pages, desk);
    const row = p.locator('[data-sale-id="3"]');
    fulfilSaleThree(desk);
    const undo = row.getByRole('button', { name: /^Undo/ });
    await undo.waitFor();
    removeSaleThreeQuietly(desk);
    const alerts = await recordAlerts(p);

    await undo.click();
    await row.waitFor({ state: 'detached' });
    await expectAnnouncedOnce(p, alerts, 'DIV');
  });
});
