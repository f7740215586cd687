// The fulfilment desk (built renderer in Chromium) against an in-memory ledger
// behind the real contract validation: filters, search, totals, live arrival,
// actions, and the empty and error states.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { saveScreenshot, waitForText } from '../../support/browser';
import { useRendererPages, type OpenOptions } from '../../support/renderer-pages';
import { createDeskFake, makeSales, type DeskFake } from './desk-fake-console';

const pages = useRendererPages();

function openDesk(fake: DeskFake, viewport?: OpenOptions['viewport']): Promise<Page> {
  return pages.open(fake, { screen: 'Fulfilments', ...(viewport ? { viewport } : {}) });
}

const rows = (p: Page) =>
  p
    .getByRole('table', { name: 'Sales' })
    .locator('.sale-row:not(.sale-head):not(.sale-row-placeholder)');
const countLine = (p: Page) => p.locator('.list-count');

async function rowTexts(p: Page): Promise<string[]> {
  return rows(p).allTextContents();
}

describe('the fulfilment desk', () => {
  it('lists sales newest first with customer, products, amount, tax, source and status', async () => {
    const fake = createDeskFake({ sales: makeSales(12) });
    const p = await openDesk(fake);
    await countLine(p).filter({ hasText: '12 sales' }).waitFor();
    const first = rows(p).first();
    const text = (await first.textContent()) ?? '';
    // Sale 12 is the newest: EUR (12 % 3 = 0), fulfilled, from a sync.
    expect(text).toContain('Customer 12');
    expect(text).toContain('customer12@example.com');
    expect(text).toContain('Phoenix');
    expect(text).toContain('€16.20');
    expect(text).toContain('VAT 21%');
    expect(text).toContain('Found on catch-up');
    expect(text).toContain('Fulfilled');
    await saveScreenshot(p, 'desk-list-1280x800');
    await p.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await first.getByRole('button', { name: 'Copy email: customer12@example.com' }).click();
    await first.getByText('Copied').waitFor();
    expect(await p.evaluate(() => navigator.clipboard.readText())).toBe('customer12@example.com');
  });

  it('filters by status, currency and date range, and clears the filters', async () => {
    const fake = createDeskFake({ sales: makeSales(30) });
    const p = await openDesk(fake);
    await countLine(p).filter({ hasText: '30 sales' }).waitFor();

    await p.getByRole('search').getByLabel('Status', { exact: true }).selectOption('new');
    await countLine(p).filter({ hasText: '15 sales match' }).waitFor();
    for (const text of await rowTexts(p)) expect(text).toContain('To deliver');

    await p.getByRole('search').getByLabel('Currency', { exact: true }).selectOption('JPY');
    await countLine(p).filter({ hasText: '5 sales match' }).waitFor();
    for (const text of await rowTexts(p)) expect(text).toMatch(/¥/);

    await p.getByRole('button', { name: 'Clear filters' }).click();
    await countLine(p).filter({ hasText: '30 sales' }).waitFor();

    // Sales are an hour apart going back from now: a range of one past day holds 24 or fewer.
    const day = new Date(Date.now() - 24 * 3_600_000);
    const iso = `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, '0')}-${String(day.getDate()).padStart(2, '0')}`;
    await p.getByRole('search').getByLabel('From', { exact: true }).fill(iso);
    await p.getByRole('search').getByLabel('To', { exact: true }).fill(iso);
    await countLine(p).filter({ hasText: 'match' }).waitFor();
    const sent = fake.calls.filter((c) => c.name === 'fulfillments.list').at(-1)?.input as {
      from?: string;
      to?: string;
    };
    expect(Date.parse(sent.to ?? '') - Date.parse(sent.from ?? '')).toBeGreaterThanOrEqual(
      23 * 3_600_000,
    );
    const texts = await rowTexts(p);
    expect(texts.length).toBeGreaterThan(0);
    expect(texts.length).toBeLessThanOrEqual(25);
  });

  it('searches by email, name, product and session id', async () => {
    const fake = createDeskFake({ sales: makeSales(20) });
    const p = await openDesk(fake);
    await countLine(p).filter({ hasText: '20 sales' }).waitFor();
    const search = p.getByRole('searchbox');

    await search.fill('customer7@example.com');
    await countLine(p).filter({ hasText: '1 sale match' }).waitFor();
    expect(await rowTexts(p)).toEqual([expect.stringContaining('Customer 7')]);

    await search.fill('Kraken');
    await countLine(p).filter({ hasText: '4 sales match' }).waitFor();
    for (const text of await rowTexts(p)) expect(text).toContain('Kraken');

    await search.fill('9013');
    await countLine(p).filter({ hasText: '1 sale match' }).waitFor();
    expect(await rowTexts(p)).toEqual([expect.stringContaining('Customer 13')]);

    await search.fill('nobody at all');
    await p.getByRole('heading', { name: 'No sales match these filters' }).waitFor();
    await p.getByRole('button', { name: 'Clear filters' }).last().click();
    await countLine(p).filter({ hasText: '20 sales' }).waitFor();
    expect(await search.inputValue()).toBe('');
  });

  it('shows totals per currency and a revenue chart for the last 30 days', async () => {
    const now = Date.now();
    const sales = makeSales(3, now);
    const fake = createDeskFake({ sales });
    const p = await openDesk(fake);
    const today = p.getByRole('region', { name: 'Sales totals' }).getByLabel('Today');
    // Three sales in the last three hours: one each in EUR, USD and JPY.
    await today.getByText('€15.30').waitFor();
    await waitForText(today, '$15.10');
    await waitForText(today, '¥1,502');
    const chart = p.getByRole('img', { name: /Revenue per day for the last 30 days/ });
    await chart.waitFor();
    expect(await chart.getAttribute('aria-label')).toContain('€15.30');
    expect(await chart.locator('.recharts-bar-rectangle').count()).toBeGreaterThan(0);
    // One currency at a time: yen are never drawn on the same axis as euros.
    await p
      .getByRole('group', { name: 'Chart currency' })
      .getByRole('button', { name: 'JPY' })
      .click();
    await p.getByRole('img', { name: /in JPY: ¥1,502 in total/ }).waitFor();
  });

  it('draws the chart only once the sales list is on screen (its first render blocks the page)', async () => {
    const fake = createDeskFake({ sales: makeSales(3) });
    const release = fake.holdList();
    const p = await openDesk(fake);
    const today = p.getByRole('region', { name: 'Sales totals' }).getByLabel('Today');
    await today.getByText('€15.30').waitFor();
    // The chart's answer is in the page and drawn into it (two frames later) while the list's
    // is held: the chart card still says Loading…, not even the chart's heading is there (it
    // comes with the chart's data in one render, before the chart's own code is loaded).
    await p.waitForFunction(() =>
      performance
        .getEntriesByType('resource')
        .some((e) => e.name.endsWith('/__rpc/fulfillments.chart')),
    );
    await p.evaluate(
      () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
    );
    const card = p.locator('.chart-card');
    expect(await card.textContent()).toBe('Loading…');
    const chart = p.getByRole('img', { name: /Revenue per day for the last 30 days/ });
    expect(await chart.count()).toBe(0);
    release();
    await p.locator('.sale-row[data-sale-id]').first().waitFor();
    await chart.waitFor();
  });

  it('says there is nothing to fulfil yet when the ledger is empty', async () => {
    const fake = createDeskFake();
    const p = await openDesk(fake);
    await p.getByRole('heading', { name: 'Nothing to fulfil yet' }).waitFor();
    await p.getByText('No sales in the last 30 days.').waitFor();
    await saveScreenshot(p, 'desk-empty-900x700');
  });

  it('explains a failed read and recovers with Try again', async () => {
    const fake = createDeskFake({ sales: makeSales(5) });
    fake.failing.set('fulfillments.list', 'The sales ledger could not be read. Restart the app.');
    const p = await openDesk(fake);
    await p.getByRole('alert').filter({ hasText: 'The sales ledger could not be read.' }).waitFor();
    fake.failing.clear();
    await p.getByRole('button', { name: 'Try again' }).click();
    await countLine(p).filter({ hasText: '5 sales' }).waitFor();
    expect(await p.getByRole('alert').count()).toBe(0);
  });

  it('shows a new sale at the top, highlighted, and counts it in the navigation', async () => {
    const fake = createDeskFake({ sales: makeSales(4) });
    const p = await openDesk(fake);
    const nav = p.getByRole('navigation', { name: 'Main' });
    await nav.getByLabel('2 to deliver').waitFor();
    await countLine(p).filter({ hasText: '4 sales' }).waitFor();

    const sale = fake.addSale({ customerName: 'John Doe', customerEmail: 'john@doe.com' });
    fake.emit('fulfillments.changed', { ids: [sale.id] });
    const top = rows(p).first();
    await top.filter({ hasText: 'John Doe' }).waitFor();
    expect(await top.getAttribute('class')).toContain('sale-row-arrived');
    await waitForText(top, 'New');
    // Older sales still to deliver are not marked as just arrived.
    const older = rows(p).filter({ hasText: 'Customer 3' });
    expect(await older.getAttribute('class')).not.toContain('sale-row-arrived');
    await nav.getByLabel('3 to deliver').waitFor();
  });

  it('marks a sale fulfilled with a note from its detail, and undoes it', async () => {
    const fake = createDeskFake({ sales: makeSales(3) });
    const p = await openDesk(fake);
    await countLine(p).filter({ hasText: '3 sales' }).waitFor();
    await p.getByRole('button', { name: 'Customer 3', exact: true }).click();
    const dialog = p.getByRole('dialog', { name: /from Customer 3/ });
    await dialog.waitFor();
    await waitForText(dialog, '9003');
    await waitForText(dialog, 'stripe · ch_3');
    await dialog.getByText('Raw event').click();
    await dialog.getByText('raw-body-marker').waitFor();
    await dialog.getByLabel('Note (optional)').fill('Sent the licence key');
    await dialog.getByRole('button', { name: 'Mark fulfilled' }).click();
    await dialog.getByText(/Fulfilled .*Sent the licence key/).waitFor();
    expect(fake.sales.find((s) => s.id === 3)?.note).toBe('Sent the licence key');
    await saveScreenshot(p, 'desk-detail-1280x800');

    await dialog.getByRole('button', { name: /Undo/ }).click();
    await dialog.getByRole('button', { name: 'Mark fulfilled' }).waitFor();
    expect(fake.sales.find((s) => s.id === 3)?.status).toBe('new');
    await p.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await rows(p).filter({ hasText: 'Customer 3' }).getByText('To deliver').waitFor();
  });

  it('keeps a typed note and the filters when the merchant leaves the screen and comes back', async () => {
    const fake = createDeskFake({ sales: makeSales(6) });
    const p = await openDesk(fake);
    await p.getByRole('search').getByLabel('Status', { exact: true }).selectOption('new');
    await countLine(p).filter({ hasText: '3 sales match' }).waitFor();
    await p.getByRole('button', { name: 'Customer 5', exact: true }).click();
    await p.getByLabel('Note (optional)').fill('Call back on Monday');
    await p.getByRole('button', { name: 'Close' }).click();
    await p
      .getByRole('navigation', { name: 'Main' })
      .getByRole('button', { name: 'Links' })
      .click();
    await p.getByRole('heading', { level: 1, name: 'Links' }).waitFor();
    await p
      .getByRole('navigation', { name: 'Main' })
      .getByRole('button', { name: /^Fulfilments/ })
      .click();
    await countLine(p).filter({ hasText: '3 sales match' }).waitFor();
    await p.getByRole('button', { name: 'Customer 5', exact: true }).click();
    expect(await p.getByLabel('Note (optional)').inputValue()).toBe('Call back on Monday');
  });

  it('opens the sale whose notification was clicked before the window existed', async () => {
    const fake = createDeskFake({ sales: makeSales(4) });
    fake.pendingFocus = 3;
    const page = await pages.open(fake);
    const dialog = page.getByRole('dialog', { name: /from Customer 3/ });
    await dialog.waitFor();
    expect(await page.getByRole('heading', { level: 1, name: 'Fulfilments' }).count()).toBe(1);
    expect(fake.pendingFocus).toBeNull();
  });

  it('exports the sales through the save dialog and says where they went', async () => {
    const fake = createDeskFake({ sales: makeSales(7) });
    const p = await openDesk(fake);
    await p.getByRole('button', { name: 'Export', exact: true }).click();
    await p.getByRole('menuitem', { name: 'Sales (CSV)', exact: true }).click();
    await p.getByText('Saved 7 sales to /home/merchant/fulfillments.csv').waitFor();
    expect(fake.calls.find((c) => c.name === 'export.csv')?.input).toEqual({
      what: 'fulfillments',
    });
    // With a filter on, the file holds what the screen shows.
    await p.getByRole('search').getByLabel('Currency', { exact: true }).selectOption('JPY');
    await countLine(p).filter({ hasText: 'match' }).waitFor();
    await p.getByRole('button', { name: 'Export', exact: true }).click();
    await p.getByRole('menuitem', { name: 'Sales (CSV)', exact: true }).click();
    await expect
      .poll(() => fake.calls.filter((c) => c.name === 'export.csv').at(-1)?.input)
      .toEqual({ what: 'fulfillments', filter: { currency: 'JPY' } });
  });

  it('keeps only the rows in view in the page with 100,000 sales, and reaches the oldest', async () => {
    const fake = createDeskFake({ sales: makeSales(100_000) });
    const p = await openDesk(fake, { width: 900, height: 700 });
    await countLine(p).filter({ hasText: '100,000 sales' }).waitFor();
    expect(await p.locator('.sale-slot').count()).toBeLessThan(60);
    const scroller = p.locator('.sale-scroller');
    await scroller.evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await rows(p)
      .filter({ hasText: 'Customer 1 ' })
      .or(rows(p).filter({ hasText: 'customer1@example.com' }))
      .first()
      .waitFor();
    expect(await p.locator('.sale-slot').count()).toBeLessThan(60);
    const pagesRead = fake.calls.filter(
      (c) => c.name === 'fulfillments.list' && (c.input as { status?: string }).status !== 'new',
    );
    expect(pagesRead.length).toBeLessThan(10);
    await saveScreenshot(p, 'desk-100k-900x700');
  });
});
