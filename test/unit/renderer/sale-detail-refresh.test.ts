// The open sale detail reads its sale again when main says it changed (sale-detail-follows). When
// that read fails, the merchant keeps what was shown and is told it may be out of date, instead of
// a detail that silently stops following its sale; a sale the active account no longer has says
// so. In Chromium against the desk double.
import { describe, expect, it } from 'vitest';
import { notFound } from '../../../main/store';
import { seriousViolations } from '../../support/axe-scan';
import { waitForText } from '../../support/browser';
import { expectFocusedInView } from '../../support/focus-checks';
import { useRendererPages } from '../../support/renderer-pages';
import { createDeskFake, makeSales, type DeskFake } from './desk-fake-console';
import { fulfilSaleThree, openSaleThree } from './sale-detail-pages';
import { holdAnswers, releaseAndSettle } from './held-answers';
import { twoFrames } from './two-frames';

const pages = useRendererPages();

/**
 * The detail's note for a sale found gone with no failed action to say so: main's words for a
 * sale (its own `notFound`, so the two cannot drift apart), then why nothing can be done here.
 */
const GONE_NOTE =
  notFound('sale').message.replace(/^That sale /, 'This sale ') +
  ' What you see is what was read before, so it can no longer be marked or undone here.';

/** Sale 3 leaves the active account's sales (its account was removed). */
function removeSaleThree(desk: DeskFake) {
  desk.sales.splice(
    desk.sales.findIndex((s) => s.id === 3),
    1,
  );
}

describe('the open sale detail, when reading its sale again fails', () => {
  it('keeps what it showed, says it may be out of date, and reads it again on Try again', async () => {
    const desk = createDeskFake({ sales: makeSales(3) });
    const { p, dialog } = await openSaleThree(pages, desk);

    desk.failing.set('fulfillments.get', 'The sales ledger is busy.');
    fulfilSaleThree(desk);
    const note = dialog.getByRole('status').filter({ hasText: 'could not be refreshed' });
    await waitForText(
      note,
      /could not be refreshed, so what you see may be out of date: The sales ledger is busy\./,
    );
    await waitForText(dialog, 'To deliver');
    expect(await seriousViolations(p, 'sale detail out of date')).toEqual([]);

    desk.failing.delete('fulfillments.get');
    await dialog.getByRole('button', { name: 'Try again' }).focus();
    await p.keyboard.press('Enter');
    await waitForText(dialog, "Fulfilled by rule 'Course email'");
    await expect.poll(() => note.count()).toBe(0);
    // Try again went with the note: the focus moves on to the sale's action, not to <body>.
    await expectFocusedInView(dialog.getByRole('button', { name: /^Undo/ }));
  });

  it('reads it again on its next change, and the note goes', async () => {
    const desk = createDeskFake({ sales: makeSales(3) });
    const { dialog } = await openSaleThree(pages, desk);

    desk.failing.set('fulfillments.get', 'The sales ledger is busy.');
    desk.emit('fulfillments.changed', { ids: [3] });
    await waitForText(dialog, 'could not be refreshed');

    desk.failing.delete('fulfillments.get');
    fulfilSaleThree(desk);
    await waitForText(dialog, "Fulfilled by rule 'Course email'");
    await expect.poll(() => dialog.getByText('could not be refreshed').count()).toBe(0);
  });

  it("says in main's words for a sale that the active account does not have it, and why nothing can be done", async () => {
    const desk = createDeskFake({ sales: makeSales(3) });
    const { dialog } = await openSaleThree(pages, desk);

    removeSaleThree(desk);
    desk.emit('fulfillments.changed', { ids: [3] });
    await waitForText(dialog.getByRole('status'), GONE_NOTE);
    expect(await dialog.getByRole('status').textContent()).toBe(GONE_NOTE);
    expect(await dialog.getByRole('button', { name: 'Try again' }).count()).toBe(0);
    // Main would refuse to mark a sale it no longer has: the detail does not offer it.
    expect(await dialog.getByRole('button', { name: 'Mark fulfilled' }).count()).toBe(0);
    expect(await dialog.getByRole('button', { name: /^Undo/ }).count()).toBe(0);
  });

  it('keeps the focus in the dialog when Try again finds the sale gone', async () => {
    const desk = createDeskFake({ sales: makeSales(3) });
    const { p, dialog } = await openSaleThree(pages, desk);
    desk.failing.set('fulfillments.get', 'The sales ledger is busy.');
    desk.emit('fulfillments.changed', { ids: [3] });
    await waitForText(dialog, 'could not be refreshed');

    desk.failing.delete('fulfillments.get');
    removeSaleThree(desk);
    await dialog.getByRole('button', { name: 'Try again' }).focus();
    await p.keyboard.press('Enter');
    const note = dialog.getByRole('status');
    await waitForText(note, GONE_NOTE);
    // Try again went away with the sale: the note that says why takes the focus, not <body>.
    await expectFocusedInView(note);
  });

  it('says "Trying again…" while Try again reads, then the outcome, the same failure too', async () => {
    const desk = createDeskFake({ sales: makeSales(3) });
    const { p, dialog } = await openSaleThree(pages, desk);
    desk.failing.set('fulfillments.get', 'The sales ledger is busy.');
    desk.emit('fulfillments.changed', { ids: [3] });
    const note = dialog.getByRole('status');
    await waitForText(note, /could not be refreshed.*busy/);

    const hold = holdAnswers(desk, 'fulfillments.get', 3);
    const retry = dialog.getByRole('button', { name: 'Try again' });
    await retry.focus();
    await p.keyboard.press('Enter');
    await waitForText(note, 'Trying again…');
    expect(await retry.getAttribute('aria-disabled')).toBe('true');

    await releaseAndSettle(p, hold, 'fulfillments.get');
    await waitForText(note, /could not be refreshed.*busy/);
    // The same failure again: Try again is still there and keeps the focus.
    await expectFocusedInView(retry);
  });

  it('moves no focus when a later read succeeds after Try again failed', async () => {
    const desk = createDeskFake({ sales: makeSales(3) });
    const { p, dialog } = await openSaleThree(pages, desk);
    desk.failing.set('fulfillments.get', 'The sales ledger is busy.');
    desk.emit('fulfillments.changed', { ids: [3] });
    await waitForText(dialog, 'could not be refreshed');
    await dialog.getByRole('button', { name: 'Try again' }).click();
    await waitForText(dialog.getByRole('status'), /could not be refreshed.*busy/);

    // The merchant moves on: no control holds the focus…
    await p.evaluate(() => {
      if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
    });
    expect(await p.evaluate(() => document.activeElement === document.body)).toBe(true);
    // …and a rule fulfils the sale, which now reads: Try again's press is long answered.
    desk.failing.delete('fulfillments.get');
    fulfilSaleThree(desk);
    await waitForText(dialog, "Fulfilled by rule 'Course email'");
    await twoFrames(p);
    expect(await p.evaluate(() => document.activeElement === document.body)).toBe(true);
  });
});

describe('a sale notification clicked for a sale that cannot be read', () => {
  it("says so on the desk in main's words, which guess no single cause", async () => {
    const desk = createDeskFake({ sales: makeSales(3) });
    const p = await pages.open(desk, { screen: 'Links' });
    // The notification carries only the sale's id: the sale may be under the account active when
    // it came, or gone with that account or a restored backup; main's answer names both.
    desk.emit('desk.focusFulfillment', { id: 99 });
    await p.getByRole('heading', { level: 1, name: 'Fulfilments' }).waitFor();
    await waitForText(
      p.getByRole('alert'),
      `The sale from that notification could not be opened: ${notFound('sale', 99).message}`,
    );
    expect(await p.getByRole('alert').textContent()).not.toMatch(/probably|Refresh the list/);
    expect(await p.getByRole('dialog').count()).toBe(0);
  });

  it('says why when main could not answer for another reason', async () => {
    const desk = createDeskFake({ sales: makeSales(3) });
    const p = await pages.open(desk, { screen: 'Links' });
    desk.failing.set('fulfillments.get', 'The sales ledger is busy.');
    desk.emit('desk.focusFulfillment', { id: 2 });
    await waitForText(
      p.getByRole('alert'),
      'The sale from that notification could not be opened: The sales ledger is busy.',
    );
  });
});
