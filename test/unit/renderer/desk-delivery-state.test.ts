// A sale's automatic delivery on the desk's row (review R12 HIGH): "Delivering…" while a rule
// tries, "Needs attention" once one stopped, as text; the row follows a job's change live
// (jobs.changed), and a change to a sale not loaded reads nothing.
import { describe, expect, it } from 'vitest';
import { useRendererPages } from '../../support/renderer-pages';
import { createDeskFake, makeSales } from './desk-fake-console';

const pages = useRendererPages();

describe("a sale's automatic delivery on its row", () => {
  it('says Delivering… then Needs attention when its job stops, with no reload', async () => {
    const sales = makeSales(3);
    const kim = sales[2];
    if (!kim) throw new Error('no sale');
    kim.delivery = 'delivering';
    const fake = createDeskFake({ sales });
    const p = await pages.open(fake, {
      screen: 'Fulfilments',
      viewport: { width: 800, height: 700 },
    });
    const row = p.locator(`.sale-row[data-sale-id="${kim.id}"]`);
    await row.getByText('Delivering…', { exact: true }).waitFor();
    await p.locator(`.sale-row[data-sale-id="${sales[0]?.id}"]`).waitFor();
    expect(
      await p
        .locator('.sale-row')
        .getByText(/Delivering…|Needs attention/)
        .count(),
    ).toBe(1);

    const before = fake.calls.length;
    fake.emit('jobs.changed', { saleId: 9999, jobId: 1, status: 'needs_attention' });
    kim.delivery = 'needs_attention';
    fake.emit('jobs.changed', { saleId: kim.id, jobId: 2, status: 'needs_attention' });
    await row.getByText('Needs attention', { exact: true }).waitFor();
    const reads = fake.calls.slice(before).filter((c) => c.name === 'fulfillments.list');
    // The status line may read its newest sale (limit 1); the list read once, for Kim's change.
    expect(reads.filter((c) => (c.input as { limit?: number }).limit !== 1)).toHaveLength(1);
  });

  it('says nothing of its deliveries once marked fulfilled, before the list is read again', async () => {
    const sales = makeSales(3);
    const kim = sales[2];
    if (!kim) throw new Error('no sale');
    kim.delivery = 'needs_attention';
    const fake = createDeskFake({ sales });
    const p = await pages.open(fake, {
      screen: 'Fulfilments',
      viewport: { width: 800, height: 700 },
    });
    const row = p.locator(`.sale-row[data-sale-id="${kim.id}"]`);
    await row.getByText('Needs attention', { exact: true }).waitFor();
    // Main holds what is left of a sale marked fulfilled by hand: the row shows it at once, not
    // after the list's read (held here) that would say so.
    const release = fake.holdList();
    await row.getByRole('button', { name: 'Mark fulfilled' }).click();
    await row.getByRole('button', { name: 'Undo' }).waitFor();
    await expect.poll(() => row.getByText('Needs attention', { exact: true }).count()).toBe(0);
    release();
    // Undone, its deliveries go on; main says the sale changed and the row is read again.
    await row.getByRole('button', { name: 'Undo' }).click();
    await row.getByRole('button', { name: 'Mark fulfilled' }).waitFor();
    fake.emit('fulfillments.changed', { ids: [kim.id] });
    await row.getByText('Needs attention', { exact: true }).waitFor();
  });
});
