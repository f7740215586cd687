// A sale arriving while the desk is open (issue 16, Live): its row comes first. The totals, the
// 30-day chart, the count to deliver and the status line's newest sale are read again only once
// the rows on screen have answered,
// one read of each at a time however many changes come, and they still end up right.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useRendererPages } from '../../support/renderer-pages';
import { createDeskFake, makeSales, type DeskFake } from './desk-fake-console';
import { heldFrames, hideWindow, showWindow } from './hidden-window';
import { twoFrames } from './two-frames';

const pages = useRendererPages();

const SUMMARY = ['fulfillments.totals', 'fulfillments.chart', 'fulfillments.undelivered'];

/** Calls since `from` by method name, the status line's newest-sale read apart. */
function callsSince(fake: DeskFake, from: number) {
  const since = fake.calls.slice(from);
  const named = (name: string) => since.filter((c) => c.name === name).length;
  const newest = since.filter(
    (c) => c.name === 'fulfillments.list' && (c.input as { limit?: number }).limit === 1,
  ).length;
  const rows = since.filter((c) => c.name === 'fulfillments.list').length - newest;
  return { named, newest, rows };
}

async function openDesk(count: number) {
  const fake = createDeskFake({ sales: makeSales(count) });
  const p = await pages.open(fake, {
    screen: 'Fulfilments',
    viewport: { width: 1280, height: 800 },
  });
  await p
    .locator('.list-count')
    .filter({ hasText: `${count} sales` })
    .waitFor();
  await p.getByRole('group', { name: 'Today' }).locator('.total-lines').waitFor();
  return { fake, p };
}

/** The "Today" card shows, per currency, as many sales as the ledger holds of the last day. */
async function expectTodayRight(fake: DeskFake, p: Page): Promise<void> {
  const perCurrency = new Map<string, number>();
  for (const s of fake.sales) {
    if (Date.now() - Date.parse(s.receivedAt) >= 24 * 3_600_000) continue;
    perCurrency.set(s.currency, (perCurrency.get(s.currency) ?? 0) + 1);
  }
  const counts = [...perCurrency.values()].map((n) => `${n} ${n === 1 ? 'sale' : 'sales'}`).sort();
  await expect
    .poll(async () =>
      (await p.getByRole('group', { name: 'Today' }).locator('.total-count').allTextContents())
        .map((t) => t.trim())
        .sort(),
    )
    .toEqual(counts);
}

/** The list, the "Today" card and the nav's count to deliver all show the ledger as it is. */
async function expectDeskRight(fake: DeskFake, p: Page): Promise<void> {
  await p
    .locator('.list-count')
    .filter({ hasText: `${fake.sales.length} sales` })
    .waitFor();
  await expectTodayRight(fake, p);
  const undelivered = fake.sales.filter((s) => s.status === 'new').length;
  await p
    .getByRole('navigation', { name: 'Main' })
    .getByLabel(`${undelivered} to deliver`)
    .waitFor();
}

describe('the desk summary after a new sale', () => {
  it('reads the totals, the chart and the count to deliver after the new rows', async () => {
    const { fake, p } = await openDesk(300);
    const release = fake.holdList();
    const from = fake.calls.length;
    const sale = fake.addSale({ customerEmail: 'arrived@example.com', currency: 'EUR' });
    fake.emit('fulfillments.changed', { ids: [sale.id] });
    await expect.poll(() => callsSince(fake, from).rows).toBe(1);
    await twoFrames(p);
    for (const name of SUMMARY) expect(callsSince(fake, from).named(name), name).toBe(0);
    expect(callsSince(fake, from).newest, 'newest sale').toBe(0);

    release();
    await p
      .getByRole('table', { name: 'Sales' })
      .getByText('arrived@example.com', { exact: true })
      .waitFor();
    for (const name of SUMMARY) {
      await expect.poll(() => callsSince(fake, from).named(name), { message: name }).toBe(1);
    }
    await expect.poll(() => callsSince(fake, from).newest, { message: 'newest sale' }).toBe(1);
    await expectTodayRight(fake, p);
  });

  it('reads the summary at most twice for a burst of 50 changes, and ends right', async () => {
    const { fake, p } = await openDesk(300);
    const release = fake.holdList();
    const from = fake.calls.length;
    for (let i = 0; i < 50; i += 1) {
      const sale = fake.addSale({ currency: 'EUR', status: 'new' });
      fake.emit('fulfillments.changed', { ids: [sale.id] });
      // Each change heard on its own turn, not batched into one render.
      await twoFrames(p);
    }
    release();
    await expectDeskRight(fake, p);
    for (const name of SUMMARY) {
      expect(callsSince(fake, from).named(name), name).toBeLessThanOrEqual(2);
    }
    expect(callsSince(fake, from).newest, 'newest sale').toBeLessThanOrEqual(2);
  });

  it('reads nothing while the window is hidden, and is right once shown', async () => {
    const { fake, p } = await openDesk(300);
    // Counts the changes the page has heard, since while hidden it answers none with a read.
    await p.evaluate(() => {
      const heard = { count: 0 };
      Object.assign(window, { heard });
      window.checkoutConsole.on('fulfillments.changed', () => (heard.count += 1));
    });
    await hideWindow(p);
    const from = fake.calls.length;
    for (let i = 0; i < 30; i += 1) {
      const sale = fake.addSale({ currency: 'EUR', status: 'new' });
      fake.emit('fulfillments.changed', { ids: [sale.id] });
      // Each change heard on its own turn, not batched.
      await expect
        .poll(() =>
          p.evaluate(() => (window as unknown as { heard: { count: number } }).heard.count),
        )
        .toBe(i + 1);
    }
    // A hidden window draws nothing: a frame asked for per change would wait, with its read,
    // until shown; and no read is made for rows or totals nobody sees.
    expect(await heldFrames(p)).toBeLessThanOrEqual(1);
    expect(callsSince(fake, from).rows, 'rows').toBeLessThanOrEqual(1);
    for (const name of SUMMARY) {
      expect(callsSince(fake, from).named(name), name).toBeLessThanOrEqual(1);
    }

    const shown = fake.calls.length;
    await showWindow(p);
    await expectDeskRight(fake, p);
    for (const name of SUMMARY) {
      expect(callsSince(fake, shown).named(name), name).toBeLessThanOrEqual(2);
    }
    expect(callsSince(fake, shown).rows, 'rows').toBeLessThanOrEqual(2);
  });
});
