// Issue 17, bugs 5 and 6 on the built renderer in Chromium: the chart's days follow the
// browser's locale like every other date, and the export's message appears below the header
// (the header does not move) with a Show in folder button.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { waitForText } from '../../support/browser';
import type { BridgedConsole } from '../../support/http-bridge';
import { openInLocale } from '../../support/locale-page';
import { useRendererPages } from '../../support/renderer-pages';
import { createDeskFake, makeSales, type DeskFake } from './desk-fake-console';

const pages = useRendererPages();

/** The chart's day ticks, once recharts has drawn them. */
async function chartTicks(p: Page): Promise<string[]> {
  const ticks = p.locator('.chart .recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value');
  await ticks.first().waitFor();
  return ticks.allTextContents();
}

/** The 30 days the desk fake charts, written as `locale` writes a day and month. */
function chartDays(locale: string): string[] {
  const format = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short' });
  return Array.from({ length: 30 }, (_, i) => {
    const [y, m, d] = new Date(Date.now() - i * 86_400_000)
      .toISOString()
      .slice(0, 10)
      .split('-')
      .map(Number) as [number, number, number];
    return format.format(new Date(y, m - 1, d));
  });
}

describe('dates in the merchant’s locale', () => {
  it.each(['en-US', 'de-DE'])('writes the chart’s days as %s does', async (locale) => {
    const fake = createDeskFake({ sales: makeSales(40) });
    const p = await openInLocale(pages.browser, fake, locale, { screen: 'Fulfilments' });
    const ticks = await chartTicks(p);
    const days = chartDays(locale);
    expect(ticks.length).toBeGreaterThan(2);
    for (const tick of ticks) expect(days).toContain(tick);
  });
});

/** The desk fake, answering app.showInFolder as the desktop app would, and recording it. */
function withFolder(fake: DeskFake): BridgedConsole & { shown: unknown[] } {
  const shown: unknown[] = [];
  return {
    shown,
    onAny: fake.onAny,
    dispatch: async (name, input) => {
      if (name !== 'app.showInFolder') return fake.dispatch(name, input);
      shown.push(input);
      return { ok: true, value: { shown: true } };
    },
  };
}

describe('the export message', () => {
  it('appears below the header without moving the button, and offers Show in folder', async () => {
    const fake = createDeskFake({ sales: makeSales(7) });
    const console = withFolder(fake);
    const p = await pages.open(console, {
      screen: 'Fulfilments',
      viewport: { width: 900, height: 700 },
    });
    const button = p.getByRole('button', { name: 'Export', exact: true });
    const heading = p.getByRole('heading', { level: 1, name: 'Fulfilments' });
    await p.locator('.list-count').filter({ hasText: '7 sales' }).waitFor();
    const before = { button: await button.boundingBox(), heading: await heading.boundingBox() };

    await button.click();
    await p.getByRole('menuitem', { name: 'Sales (CSV)', exact: true }).click();
    const status = p.getByRole('status').filter({ hasText: 'Saved 7 sales to' });
    await waitForText(status, 'Saved 7 sales to /home/merchant/fulfillments.csv');
    expect(await button.boundingBox()).toEqual(before.button);
    expect(await heading.boundingBox()).toEqual(before.heading);
    expect(await p.locator('.desk-head').getByText('Saved 7 sales').count()).toBe(0);

    await status.getByRole('button', { name: 'Show in folder' }).click();
    await expect.poll(() => console.shown).toEqual([{ path: '/home/merchant/fulfillments.csv' }]);
  });
});
