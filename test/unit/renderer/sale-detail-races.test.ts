// Answers that come late to the desk's sale detail: a notification's read, an action's answer.
// The latest request counts, so a slow answer never replaces what the merchant did since. In
// Chromium against the desk double, whose answers a test holds back.
import { describe, expect, it } from 'vitest';
import { waitForText } from '../../support/browser';
import { useRendererPages } from '../../support/renderer-pages';
import { createDeskFake, makeSales } from './desk-fake-console';
import { openFulfilments, openSaleThreeOn } from './sale-detail-pages';
import { holdAnswers, releaseAndSettle } from './held-answers';
import { twoFrames } from './two-frames';

const pages = useRendererPages();

describe("a sale notification's read that answers late", () => {
  it('does not replace the sale the merchant opened meanwhile', async () => {
    const desk = createDeskFake({ sales: makeSales(3) });
    const p = await openFulfilments(pages, desk);
    const hold = holdAnswers(desk, 'fulfillments.get', 1);
    desk.emit('desk.focusFulfillment', { id: 1 });
    await expect.poll(() => hold.seen()).toBe(1);
    const dialog = await openSaleThreeOn(p);

    await releaseAndSettle(p, hold, 'fulfillments.get');
    expect(await p.getByRole('dialog', { name: /from Customer 1/ }).count()).toBe(0);
    expect(await dialog.count()).toBe(1);
  });

  it('does not show its failure once the merchant has opened another sale', async () => {
    const desk = createDeskFake({ sales: makeSales(3) });
    const p = await openFulfilments(pages, desk);
    // Sold under the account that was active when the notification came.
    const hold = holdAnswers(desk, 'fulfillments.get', 99);
    desk.emit('desk.focusFulfillment', { id: 99 });
    await expect.poll(() => hold.seen()).toBe(1);
    const dialog = await openSaleThreeOn(p);

    await releaseAndSettle(p, hold, 'fulfillments.get');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'detached' });
    await twoFrames(p);
    expect(await p.getByRole('alert').allTextContents()).toEqual([]);
  });
});

describe("the open sale detail, when its action's answer comes after a later change", () => {
  it('shows the sale as the later change left it', async () => {
    const desk = createDeskFake({ sales: makeSales(3) });
    const p = await openFulfilments(pages, desk);
    const dialog = await openSaleThreeOn(p);
    const hold = holdAnswers(desk, 'fulfillments.markFulfilled', 3);
    await dialog.getByRole('button', { name: 'Mark fulfilled' }).click();
    await expect.poll(() => hold.seen()).toBe(1);

    // Another window puts the sale back to deliver after this one marked it; main says so.
    Object.assign(desk.sales.find((s) => s.id === 3) ?? {}, {
      status: 'new',
      fulfilledAt: null,
      note: null,
    });
    desk.emit('fulfillments.changed', { ids: [3] });
    await expect
      .poll(() => desk.calls.filter((c) => c.name === 'fulfillments.get').length)
      .toBeGreaterThan(0);

    await releaseAndSettle(p, hold, 'fulfillments.markFulfilled');
    await waitForText(dialog, 'To deliver');
    await dialog.getByRole('button', { name: 'Mark fulfilled' }).waitFor();
    expect(await dialog.getByRole('button', { name: /^Undo/ }).count()).toBe(0);
  });

  it('shows the sale as the later change left it when that read answers last', async () => {
    const desk = createDeskFake({ sales: makeSales(3) });
    const p = await openFulfilments(pages, desk);
    const dialog = await openSaleThreeOn(p);
    const marking = holdAnswers(desk, 'fulfillments.markFulfilled', 3);
    await dialog.getByRole('button', { name: 'Mark fulfilled' }).click();
    await expect.poll(() => marking.seen()).toBe(1);

    const reading = holdAnswers(desk, 'fulfillments.get', 3);
    Object.assign(desk.sales.find((s) => s.id === 3) ?? {}, {
      status: 'new',
      fulfilledAt: null,
      note: null,
    });
    desk.emit('fulfillments.changed', { ids: [3] });
    await expect.poll(() => reading.seen()).toBe(1);

    await releaseAndSettle(p, marking, 'fulfillments.markFulfilled');
    await releaseAndSettle(p, reading, 'fulfillments.get');
    await waitForText(dialog, 'To deliver');
    await dialog.getByRole('button', { name: 'Mark fulfilled' }).waitFor();
    expect(await dialog.getByRole('button', { name: /^Undo/ }).count()).toBe(0);
  });
});

describe('the open sale detail, when a read begun before its action answers after it', () => {
  it("keeps the action's answer", async () => {
    const desk = createDeskFake({ sales: makeSales(3) });
    const p = await openFulfilments(pages, desk);
    const dialog = await openSaleThreeOn(p);
    // Main changes the sale (its note, say) and the detail reads it; that answer is slow.
    const reading = holdAnswers(desk, 'fulfillments.get', 3);
    desk.emit('fulfillments.changed', { ids: [3] });
    await expect.poll(() => reading.seen()).toBe(1);

    await dialog.getByRole('button', { name: 'Mark fulfilled' }).click();
    await dialog.getByRole('button', { name: /^Undo/ }).waitFor();
    await releaseAndSettle(p, reading, 'fulfillments.get');
    expect(await dialog.getByRole('button', { name: /^Undo/ }).count()).toBe(1);
    expect(await dialog.getByText('To deliver', { exact: true }).count()).toBe(0);
  });
});
