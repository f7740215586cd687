// The daily summary's click (main emits desk.showDay): from any screen, the desk opens with its
// date filters on that day, and asks for exactly that local day's sales; a sale notification's
// click still opens its sale (both wait in the same place for the desk to mount).
import { describe, expect, it } from 'vitest';
import { useRendererPages } from '../../support/renderer-pages';
import { createDeskFake, makeSales } from './desk-fake-console';

const pages = useRendererPages();

/** The local calendar day before today, as the summary names it. */
function yesterday(): string {
  const d = new Date();
  d.setDate(d.getDate() - 1);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

describe('the daily summary opening the desk', () => {
  it("shows yesterday's sales from another screen, with the search box emptied", async () => {
    const fake = createDeskFake({ sales: makeSales(60) });
    const p = await pages.open(fake, { screen: 'Fulfilments' });
    const search = p.getByRole('search');
    await search.getByLabel('Search', { exact: true }).fill('Customer 5');
    await p.locator('.list-count').filter({ hasText: 'match' }).waitFor();
    await p
      .getByRole('navigation')
      .getByRole('button', { name: /^Links/ })
      .click();
    await p.getByRole('heading', { level: 1, name: 'Links' }).waitFor();

    const day = yesterday();
    fake.emit('desk.showDay', { from: day, to: day });

    await p.getByRole('heading', { level: 1, name: 'Fulfilments' }).waitFor();
    await expect.poll(() => search.getByLabel('From', { exact: true }).inputValue()).toBe(day);
    expect(await search.getByLabel('To', { exact: true }).inputValue()).toBe(day);
    expect(await search.getByLabel('Search', { exact: true }).inputValue()).toBe('');
    // Sales are an hour apart going back from now: one local day holds at most 25 of them.
    const count = p.locator('.list-count').filter({ hasText: /^\d+ sales? match$/ });
    await count.waitFor();
    const sent = fake.calls.filter((c) => c.name === 'fulfillments.list').at(-1)?.input as {
      from?: string;
      to?: string;
      search?: string;
    };
    const [y, m, d] = day.split('-').map(Number) as [number, number, number];
    expect(sent).toMatchObject({
      from: new Date(y, m - 1, d).toISOString(),
      to: new Date(y, m - 1, d + 1).toISOString(),
    });
    expect(sent.search).toBeUndefined();
    expect(Number((await count.textContent())?.split(' ')[0])).toBeLessThanOrEqual(25);
  });

  it('still opens a sale from its notification, from another screen', async () => {
    const fake = createDeskFake({ sales: makeSales(5) });
    const p = await pages.open(fake, { screen: 'Links' });
    fake.emit('desk.focusFulfillment', { id: 3 });
    await p.getByRole('dialog', { name: /from Customer 3$/ }).waitFor();
  });
});
