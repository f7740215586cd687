// The open sale detail follows its sale when main changes it (a rule delivered it, another window
// marked it): it showed the sale as read when opened, so a merchant watching a sale being emailed
// kept reading "To deliver" with a Mark fulfilled form, and the e2e delivery test once timed out
// waiting for "Fulfilled by rule" in it.
import { describe, expect, it } from 'vitest';
import { waitForText } from '../../support/browser';
import { useRendererPages } from '../../support/renderer-pages';
import { createDeskFake, makeSales } from './desk-fake-console';
import { fulfilSaleThree, openSaleThree } from './sale-detail-pages';

const pages = useRendererPages();

describe('the open sale detail', () => {
  it('shows the sale fulfilled when a rule fulfils it while it is open', async () => {
    const desk = createDeskFake({ sales: makeSales(3) });
    const { p, dialog } = await openSaleThree(pages, desk);

    fulfilSaleThree(desk);
    await p
      .locator('[data-sale-id="3"] .status-pill')
      .getByText('Fulfilled', { exact: true })
      .waitFor();
    await waitForText(dialog, "Fulfilled by rule 'Course email'");
    await dialog.getByRole('button', { name: /^Undo/ }).waitFor();
    expect(await dialog.getByRole('button', { name: 'Mark fulfilled' }).count()).toBe(0);
  });

  it('keeps showing the sale it opened when another sale changes', async () => {
    const desk = createDeskFake({ sales: makeSales(3) });
    const { p, dialog } = await openSaleThree(pages, desk);

    const other = desk.addSale({ customerEmail: 'arrived@example.com' });
    desk.emit('fulfillments.changed', { ids: [other.id] });
    await p.locator(`[data-sale-id="${other.id}"]`).waitFor();
    await waitForText(dialog, 'To deliver');
    expect(desk.calls.filter((c) => c.name === 'fulfillments.get')).toEqual([]);
  });
});
