// Issue 17, bug 4 in the sale detail dialog, in Chromium against the desk double: Mark fulfilled
// and Undo replace each other and are disabled while they run, so the focus would fall to <body>;
// it moves to the control that replaced the one pressed, as on the sale row.
import { describe, expect, it } from 'vitest';
import { expectFocusedInView } from '../../support/focus-checks';
import { useRendererPages } from '../../support/renderer-pages';
import { createDeskFake, makeSales } from './desk-fake-console';

const pages = useRendererPages();

describe('the sale detail dialog', () => {
  it('hands the focus from Mark fulfilled to Undo and back', async () => {
    const desk = createDeskFake({ sales: makeSales(3) });
    const p = await pages.open(desk, {
      screen: 'Fulfilments',
      viewport: { width: 900, height: 700 },
    });
    await p.locator('[data-sale-id="3"]').getByRole('button', { name: 'Customer 3' }).click();
    const dialog = p.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Mark fulfilled' }).click();
    const undo = dialog.getByRole('button', { name: /^Undo/ });
    await expectFocusedInView(undo);
    expect(desk.sales.find((s) => s.id === 3)?.status).toBe('fulfilled');

    await p.keyboard.press('Enter');
    await expectFocusedInView(dialog.getByRole('button', { name: 'Mark fulfilled' }));
    expect(desk.sales.find((s) => s.id === 3)?.status).toBe('new');
  });
});
