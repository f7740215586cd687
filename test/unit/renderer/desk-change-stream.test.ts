// Changes streaming in while the desk is open (issue 16): the delivery worker says
// fulfillments.changed once per job, 100-200 a second while the outbox drains. The list must still
// show the rows the merchant scrolls to, and ask for the rows on screen once at a time, not once
// per change. Here every read of the list is answered only after the page has seen a newer
// change, as when main is slower than the events: whatever a change throws away never shows.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { BridgedConsole } from '../../support/http-bridge';
import { useRendererPages } from '../../support/renderer-pages';
import { createDeskFake, makeSales, type DeskFake } from './desk-fake-console';

const pages = useRendererPages();

interface HeldReads {
  console: BridgedConsole;
  /** Reads of the list asked for and not answered yet, with their offset and limit. */
  held: Array<{ offset: number; limit: number; release: () => void }>;
  /** Answers the reads asked for before now. */
  releaseAll(): void;
}

/** The desk fake, holding every read of the list (not the status line's newest sale). */
function holdingReads(fake: DeskFake): HeldReads {
  const held: HeldReads['held'] = [];
  return {
    held,
    releaseAll() {
      for (const read of held.splice(0)) read.release();
    },
    console: {
      onAny: fake.onAny,
      async dispatch(name, input) {
        const q = input as { offset?: number; limit?: number };
        if (name === 'fulfillments.list' && q.limit !== 1) {
          await new Promise<void>((release) =>
            held.push({ offset: q.offset ?? 0, limit: q.limit ?? 0, release }),
          );
        }
        return fake.dispatch(name, input);
      },
    },
  };
}

/** How many events the page's listeners have run (counted by the test bridge's transport). */
const eventsHeard = (p: Page) =>
  p.evaluate(() => (window as unknown as { __eventsHeard: { count: number } }).__eventsHeard.count);

/**
 * Emits one change and waits until the page has handled it: its listeners ran, then two frames
 * drew, so any render and effect the change caused has run (the reads it asks for are held).
 */
async function oneChange(fake: DeskFake, p: Page, id: number): Promise<void> {
  const before = await eventsHeard(p);
  fake.emit('fulfillments.changed', { ids: [id] });
  await expect.poll(() => eventsHeard(p)).toBeGreaterThan(before);
  await p.evaluate(
    () =>
      new Promise<void>((done) =>
        requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 0))),
      ),
  );
}

const shownRows = (p: Page) =>
  p
    .getByRole('table', { name: 'Sales' })
    .locator('.sale-row:not(.sale-head):not(.sale-row-placeholder)');

async function openDesk(count: number) {
  const fake = createDeskFake({ sales: makeSales(count) });
  const reads = holdingReads(fake);
  const opened = pages.open(reads.console, {
    screen: 'Fulfilments',
    viewport: { width: 1280, height: 800 },
  });
  // The first page is held too: answer reads until the list shows.
  const count$ = `${count.toLocaleString('en-US')} sales`;
  const p = await opened;
  await expect
    .poll(async () => {
      reads.releaseAll();
      return p.locator('.list-count').textContent();
    })
    .toBe(count$);
  return { fake, reads, p };
}

describe('a stream of changes on the open desk', () => {
  it('shows the rows scrolled to while the changes keep coming', { timeout: 60_000 }, async () => {
    const { fake, reads, p } = await openDesk(2000);
    await p.locator('.sale-scroller').evaluate((el) => el.scrollTo(0, 1250 * 64));
    const target = shownRows(p).filter({ hasText: 'customer750@example.com' });
    let shown = false;
    for (let step = 0; step < 40 && !shown; step += 1) {
      // Only the reads asked for before this change are answered, after the page has seen it.
      const before = reads.held.splice(0);
      await oneChange(fake, p, 1 + step);
      for (const read of before) read.release();
      shown = await target.isVisible();
    }
    reads.releaseAll();
    expect(shown).toBe(true);
  });

  it('asks for the rows on screen once at a time, and shows the last change', async () => {
    const { fake, reads, p } = await openDesk(300);
    for (let i = 0; i < 10; i += 1) await oneChange(fake, p, 1 + i);
    const refreshes = () => reads.held.filter((r) => r.limit < 200).length;
    expect(refreshes()).toBe(1);

    // A sale arriving while a read is on its way shows once the reads after it answer.
    fake.addSale({ customerEmail: 'arrived@example.com' });
    await oneChange(fake, p, 301);
    await expect
      .poll(async () => {
        reads.releaseAll();
        return shownRows(p).first().textContent();
      })
      .toContain('arrived@example.com');
    await p.locator('.list-count').filter({ hasText: '301 sales' }).waitFor();
  });
});
