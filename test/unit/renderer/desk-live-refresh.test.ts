// A sale arriving while the desk is open (issue 16, Live): the screen re-reads the rows on screen,
// not every 200-row page they fall in, and the rest of the list is still right when scrolled to.
import { describe, expect, it } from 'vitest';
import { useRendererPages } from '../../support/renderer-pages';
import { createDeskFake, makeSales } from './desk-fake-console';

const pages = useRendererPages();

describe('a new sale on the open desk', () => {
  it('re-reads only the rows on screen, and the rest when the merchant scrolls to it', async () => {
    const fake = createDeskFake({ sales: makeSales(500) });
    const p = await pages.open(fake, {
      screen: 'Fulfilments',
      viewport: { width: 1280, height: 800 },
    });
    const rows = p
      .getByRole('table', { name: 'Sales' })
      .locator('.sale-row:not(.sale-head):not(.sale-row-placeholder)');
    await p.locator('.list-count').filter({ hasText: '500 sales' }).waitFor();
    const before = fake.calls.length;

    const sale = fake.addSale({ customerEmail: 'arrived@example.com' });
    fake.emit('fulfillments.changed', { ids: [sale.id] });
    await rows.first().filter({ hasText: 'arrived@example.com' }).waitFor();
    await p.locator('.list-count').filter({ hasText: '501 sales' }).waitFor();
    // The status line's newest-sale read (limit 1) is not the list's.
    const reads = fake.calls
      .slice(before)
      .filter((c) => c.name === 'fulfillments.list')
      .map((c) => (c.input as { limit?: number }).limit ?? 0)
      .filter((limit) => limit !== 1);
    expect(reads.length).toBeGreaterThan(0);
    for (const limit of reads) expect(limit).toBeLessThan(100);

    // Every sale moved one row down: a row further on shows the sale now at its index.
    await p.locator('.sale-scroller').evaluate((el) => el.scrollTo(0, 150 * 64));
    const shown = rows.filter({ hasText: 'customer350@example.com' });
    await shown.waitFor();
    const index = await shown.evaluate((row) =>
      row.closest('.sale-slot')?.getAttribute('data-index'),
    );
    // Newest first: the arrival at 0, then 500, 499, …: customer 350 is at 151.
    expect(index).toBe('151');
  });
});
