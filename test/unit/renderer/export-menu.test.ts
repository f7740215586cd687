// Issue 15, item 5 on the built renderer in Chromium: the Fulfilments screen's Export menu.
// Each item sends main the input its format needs, the status line says what was saved (a split
// preset's files too), a refused preset shows main's message, and the menu works by keyboard.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { MethodInput } from '../../../preload/contract';
import { ConsoleError } from '../../../main/errors';
import { seriousViolations } from '../../support/axe-scan';
import { waitForText } from '../../support/browser';
import type { BridgedConsole } from '../../support/http-bridge';
import { useRendererPages } from '../../support/renderer-pages';
import { createDeskFake, makeSales } from './desk-fake-console';

const pages = useRendererPages();

type ExportInput = MethodInput<'export.csv'>;

/**
 * The desk fake with main's export answers: presets split at 1,000 rows (here: always two
 * files) or are refused for mixed currencies; every export's input and Show in folder recorded.
 */
function exportingConsole(options: { refuse?: string } = {}) {
  const fake = createDeskFake({ sales: makeSales(6) });
  const exports: ExportInput[] = [];
  const shown: unknown[] = [];
  const console: BridgedConsole = {
    onAny: fake.onAny,
    dispatch: async (name, input) => {
      if (name === 'app.showInFolder') {
        shown.push(input);
        return { ok: true, value: { shown: true } };
      }
      if (name !== 'export.csv') return fake.dispatch(name, input);
      const asked = input as ExportInput;
      exports.push(asked);
      const preset = asked.format === 'xero' || asked.format?.startsWith('qbo');
      if (preset && options.refuse) {
        return { ok: false, error: new ConsoleError('invalid_input', options.refuse).toPayload() };
      }
      const file = `/home/merchant/${asked.what}-${asked.format ?? 'csv'}`;
      if (preset) {
        const files = [
          { path: `${file}-1.csv`, rows: 1000 },
          { path: `${file}-2.csv`, rows: 1 },
        ];
        return { ok: true, value: { path: files[0]!.path, rows: 1001, files } };
      }
      return { ok: true, value: { path: `${file}.csv`, rows: asked.what === 'links' ? 1 : 6 } };
    },
  };
  return { console, exports, shown };
}

// Named "Export": the ▾ is drawn for the eye only (aria-hidden), so it is not read out.
const menuButton = (p: Page) => p.getByRole('button', { name: 'Export', exact: true });
const status = (p: Page) => p.locator('.export-status');

async function openDesk(console: BridgedConsole): Promise<Page> {
  const p = await pages.open(console, { screen: 'Fulfilments' });
  await p.locator('.list-count').filter({ hasText: '6 sales' }).waitFor();
  return p;
}

async function choose(p: Page, item: string): Promise<void> {
  await menuButton(p).click();
  await p.getByRole('menu').getByRole('menuitem', { name: item, exact: true }).click();
}

describe('the Export menu', () => {
  it('sends each item’s input: sales with the screen’s filter, links all links', async () => {
    const { console, exports } = exportingConsole();
    const p = await openDesk(console);
    await p.getByLabel('Currency', { exact: true }).selectOption('EUR');
    await p.locator('.list-count').filter({ hasText: '2 sales' }).waitFor();

    // Sales (CSV) leaves the format out: main's default, the input the old button sent.
    const items = [
      ['Sales (CSV)', undefined],
      ['Sales (CSV for Excel)', 'csv-excel'],
      ['Xero bank statement', 'xero'],
      ['QuickBooks (3 columns)', 'qbo3'],
      ['QuickBooks (4 columns)', 'qbo4'],
    ] as const;
    for (const [item] of items) {
      const before = exports.length;
      await choose(p, item);
      await expect.poll(() => exports.length).toBe(before + 1);
      await menuButton(p).filter({ hasText: 'Export ▾' }).waitFor();
    }
    await choose(p, 'Links (CSV)');
    await expect.poll(() => exports.length).toBe(6);

    const filter = { currency: 'EUR' };
    expect(exports[0]).toEqual({ what: 'fulfillments', filter });
    for (const [i, [, format]] of items.entries()) {
      // A bank statement also says the zone its lines are dated in (the browser's own).
      const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
      const zone = format && format !== 'csv-excel' ? { timeZone } : {};
      if (format) expect(exports[i]).toEqual({ what: 'fulfillments', format, filter, ...zone });
    }
    expect(exports[5]).toEqual({ what: 'links' });
    await waitForText(status(p), 'Saved 1 link to /home/merchant/links-csv.csv');
  });

  it('says a split export saved its sales in two files and shows the last one', async () => {
    const { console, shown } = exportingConsole();
    const p = await openDesk(console);
    await choose(p, 'QuickBooks (3 columns)');
    await waitForText(
      status(p),
      'Saved 1,001 sales in 2 files: /home/merchant/fulfillments-qbo3-1.csv, /home/merchant/fulfillments-qbo3-2.csv',
    );
    await status(p).getByRole('button', { name: 'Show in folder' }).click();
    await expect.poll(() => shown).toEqual([{ path: '/home/merchant/fulfillments-qbo3-2.csv' }]);
  });

  it('shows a refused preset’s message, so the merchant knows to pick a currency', async () => {
    const refusal =
      'These sales are in EUR, JPY, USD, and a bank statement holds one currency. Export each currency on its own: --currency EUR in the CLI, or the currency filter in the app.';
    const { console } = exportingConsole({ refuse: refusal });
    const p = await openDesk(console);
    await choose(p, 'Xero bank statement');
    await waitForText(status(p).getByRole('alert'), refusal);
    expect(await status(p).getByText('Saved').count()).toBe(0);
  });

  it('opens with Enter or ArrowDown, moves with arrows, and Escape gives the focus back', async () => {
    const { console, exports } = exportingConsole();
    const p = await openDesk(console);
    const button = menuButton(p);
    const focused = () => p.evaluate(() => document.activeElement?.textContent ?? '');
    await expect.poll(() => button.getAttribute('aria-expanded')).toBe('false');
    expect(await button.getAttribute('aria-haspopup')).toBe('menu');

    await button.focus();
    await p.keyboard.press('Enter');
    await expect.poll(() => button.getAttribute('aria-expanded')).toBe('true');
    await expect.poll(focused).toBe('Sales (CSV)');
    await p.keyboard.press('ArrowDown');
    await expect.poll(focused).toBe('Sales (CSV for Excel)');
    await p.keyboard.press('ArrowUp');
    await p.keyboard.press('ArrowUp');
    await expect.poll(focused).toBe('Links (CSV)');
    await p.keyboard.press('Escape');
    await expect.poll(() => p.getByRole('menu').count()).toBe(0);
    await expect.poll(focused).toBe('Export ▾');

    await p.keyboard.press('ArrowDown');
    await expect.poll(focused).toBe('Sales (CSV)');
    await p.keyboard.press('End');
    await expect.poll(focused).toBe('Links (CSV)');
    await p.keyboard.press('Enter');
    await expect.poll(() => exports).toEqual([{ what: 'links' }]);
    await expect.poll(focused).toBe('Export ▾');
  });

  it('opens over the page without moving it, passes axe, and closes on a click outside', async () => {
    const { console, exports } = exportingConsole();
    const p = await openDesk(console);
    const list = p.locator('.list-count');
    const before = await list.boundingBox();
    await menuButton(p).click();
    await p.getByRole('menu').waitFor();
    expect(await list.boundingBox()).toEqual(before);
    expect(await seriousViolations(p, 'export menu open')).toEqual([]);
    await p.getByRole('heading', { level: 1, name: 'Fulfilments' }).click();
    await expect.poll(() => p.getByRole('menu').count()).toBe(0);
    expect(await menuButton(p).getAttribute('aria-expanded')).toBe('false');
    expect(exports).toEqual([]);
  });
});
