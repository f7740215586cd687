// A search with many hits at 1,000,000 sales (issue 16): the screen asks the store to count only
// so far past its page (countAhead) and shows the total it is told as a lower bound, "5,200+",
// until a deeper page is answered with the exact count. The fake answers as the store does.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { BridgedConsole } from '../../support/http-bridge';
import { useRendererPages } from '../../support/renderer-pages';
import { createDeskFake, makeSales, type DeskFake } from './desk-fake-console';
import { twoFrames } from './two-frames';

const pages = useRendererPages();

const listQuery = (input: unknown) =>
  input as { search?: string; offset: number; limit: number; countAhead?: number };

/**
 * The desk fake, answering a searched fulfillments.list as the store's boundedTotal does: past
 * `offset + limit + countAhead` hits it says that many, and that the total is a lower bound.
 */
function boundedCounts(fake: DeskFake): BridgedConsole {
  return {
    onAny: fake.onAny,
    async dispatch(name, input) {
      const out = await fake.dispatch(name, input);
      const q = listQuery(input);
      if (name !== 'fulfillments.list' || !out.ok || !q.search || q.countAhead === undefined) {
        return out;
      }
      const page = out.value as { items: unknown[]; total: number };
      const bound = q.offset + q.limit + q.countAhead;
      if (page.total <= bound) return out;
      return { ok: true, value: { ...page, total: bound, totalIsLowerBound: true } };
    },
  };
}

const countLine = (p: Page) => p.locator('.list-count');
const table = (p: Page) => p.getByRole('table', { name: 'Sales' });

/**
 * The desk over 8,000 sales, searched for a word in every one: it reads "5,200+". `over` puts
 * a test's own answers in front of the store's bounded counts.
 */
async function searchEverySale(
  over: (bounded: BridgedConsole) => BridgedConsole = (bounded) => bounded,
): Promise<{ fake: DeskFake; p: Page }> {
  const fake = createDeskFake({ sales: makeSales(8000) });
  const p = await pages.open(over(boundedCounts(fake)), { screen: 'Fulfilments' });
  await countLine(p).filter({ hasText: '8,000 sales' }).waitFor();
  await p.getByRole('searchbox').fill('example.com');
  await countLine(p).filter({ hasText: '5,200+ sales match' }).waitFor();
  return { fake, p };
}

/** Scrolls to the end (the exact count, 8,000, is known) and back to the newest sale. */
async function exactThenTop(p: Page) {
  const scroller = p.locator('.sale-scroller');
  await scroller.evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await countLine(p).filter({ hasText: '8,000 sales match' }).waitFor();
  await scroller.evaluate((el) => el.scrollTo(0, 0));
  await table(p).getByText('customer8000@example.com', { exact: true }).waitFor();
  return scroller;
}

describe('a search with more hits than the store counts', () => {
  it('says at least how many match, then the exact count once a deep page knows it', async () => {
    const { fake, p } = await searchEverySale();
    expect(await table(p).getAttribute('aria-rowcount')).toBe('-1');
    const asked = fake.calls.filter((c) => c.name === 'fulfillments.list').at(-1)?.input;
    expect(listQuery(asked)).toMatchObject({ search: 'example.com', countAhead: 5000 });

    // The list is as long as the bound: at its end a deeper page is asked for and answers the
    // exact count, which the screen then shows, and the oldest sale can be reached.
    const scroller = p.locator('.sale-scroller');
    await scroller.evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await countLine(p).filter({ hasText: '8,000 sales match' }).waitFor();
    await expect.poll(() => table(p).getAttribute('aria-rowcount')).toBe('8001');
    await scroller.evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await table(p).getByText('customer1@example.com', { exact: true }).waitFor();
  });

  it('keeps the exact count once known when a shallower page answers only a bound', async () => {
    const { p } = await searchEverySale();
    const scroller = p.locator('.sale-scroller');
    await scroller.evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await countLine(p).filter({ hasText: '8,000 sales match' }).waitFor();

    // Back up to a page never read: offset 2,000 answers the bound 7,200, less than 8,000.
    await scroller.evaluate((el) => el.scrollTo(0, el.scrollHeight / 4));
    await table(p).getByText('customer6000@example.com', { exact: true }).waitFor();
    expect(await countLine(p).textContent()).toContain('8,000 sales match');
    expect(await table(p).getAttribute('aria-rowcount')).toBe('8001');
  });

  it('counts a matching sale that arrives while the rows on screen answer only a bound', async () => {
    const { fake, p } = await searchEverySale();
    await exactThenTop(p);

    // The re-read of the rows at the top answers a bound (about 5,030), below the 8,000 known.
    const sale = fake.addSale({ customerEmail: 'arrived@example.com' });
    fake.emit('fulfillments.changed', { ids: [sale.id] });
    await table(p).getByText('arrived@example.com', { exact: true }).waitFor();
    await countLine(p).filter({ hasText: '8,001 sales match' }).waitFor();
    expect(await table(p).getAttribute('aria-rowcount')).toBe('8002');
  });

  it('never shows an older exact count over a newer one', async () => {
    // The read of one row at the known end (a refresh's recount) answers the count at the time
    // it was asked, and is held until released: it lands after a page asked later.
    let releaseEnd = (): void => undefined;
    let endHeld = false;
    let endAnswered = false;
    const { fake, p } = await searchEverySale((bounded) => ({
      onAny: bounded.onAny,
      async dispatch(name, input) {
        const out = bounded.dispatch(name, input);
        const q = listQuery(input);
        if (name !== 'fulfillments.list' || !q.search || q.limit !== 1 || q.offset === 0) {
          return out;
        }
        const answer = await out;
        endHeld = true;
        await new Promise<void>((resolve) => (releaseEnd = resolve));
        endAnswered = true;
        return answer;
      },
    }));
    const scroller = await exactThenTop(p);

    // A sale arrives: the rows at the top answer a bound, and the end is asked (8,001), held.
    const first = fake.addSale({ customerEmail: 'arrived@example.com' });
    fake.emit('fulfillments.changed', { ids: [first.id] });
    await table(p).getByText('arrived@example.com', { exact: true }).waitFor();
    await expect.poll(() => endHeld).toBe(true);
    // Another arrives, and the merchant scrolls to the end before its change is heard: the
    // page read there answers 8,002.
    fake.addSale({ customerEmail: 'second@example.com' });
    await scroller.evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await countLine(p).filter({ hasText: '8,002 sales match' }).waitFor();

    releaseEnd();
    await expect.poll(() => endAnswered).toBe(true);
    // The late answer has been taken in (or dropped) by then.
    await twoFrames(p);
    expect(await countLine(p).textContent()).toContain('8,002 sales match');
    expect(await table(p).getAttribute('aria-rowcount')).toBe('8003');
  });
});
