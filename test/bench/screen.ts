// screen: the Fulfilments screen in Chromium over 100,000 sales in SQLite — time from opening
// the screen to its first rows, how many rows the page holds, and the time from asking for the
// end of the list to its last (oldest) row being on screen. Baseline, same run: the same screen
// opened over a ledger of one sale. Over that ledger too: the first paint (first-paint.ts).
// Standalone: node --import tsx test/bench/screen.ts
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Account } from '../../preload/contract';
import { createConsole, DATABASE_FILE, type CheckoutConsole } from '../../main/console';
import { createMemorySecrets } from '../../main/secrets';
import { launchBrowser, type BrowserSession } from '../support/browser';
import { withRawDb } from '../support/raw-db';
import { startHttpBridge, type HttpBridge } from '../support/http-bridge';
import { buildRenderer } from '../support/renderer-build';
import { insertSales, manySales } from '../integration/sales/generate';
import { createReporter, median, sandboxCatalogueReady, type Report } from './report';
import { benchFirstPaint } from './first-paint';
import { awaitRow, WATCH_ROWS } from './watch-rows';

const COUNT = 100_000;
// generate.ts numbers sales from 0 (newest) going back in time.
const NEWEST = 'buyer0@example.com';
const OLDEST = `buyer${COUNT - 1}@example.com`;

interface Ledger {
  cc: CheckoutConsole;
  bridge: HttpBridge;
  dataDir: string;
}

/** A console over `count` generated sales, served to Chromium over the HTTP bridge. */
async function openLedger(rendererDir: string, count: number, report?: Report): Promise<Ledger> {
  const dataDir = await mkdtemp(join(tmpdir(), 'cc-bench-screen-'));
  const cc = await createConsole({
    dataDir,
    secrets: createMemorySecrets(),
    env: {},
    live: { autoStart: false },
  });
  const added = await cc.call('accounts.useSandbox', {});
  if (!added.ok) throw new Error(added.error.message);
  const accountId = (added.value as Account).id;
  // A second connection writes the ledger in one transaction, as the receiver would (and as
  // durably: FULL, like the store's own connection).
  const t0 = performance.now();
  withRawDb(join(dataDir, DATABASE_FILE), (db) => {
    db.pragma('synchronous = FULL');
    insertSales(db, accountId, manySales(count, new Date(), 60_000));
  });
  report?.('screen.generate_100k', performance.now() - t0, 'ms');
  // The new console's start-up work (the sandbox, the catalogue) is over before the first page
  // asks for it, for the one-sale ledger as for the 100,000-sale one: the sandbox account's
  // catalogue is in the store.
  await sandboxCatalogueReady(cc);
  return { cc, dataDir, bridge: await startHttpBridge({ console: cc, rendererDir }) };
}

async function closeLedger(ledger: Ledger | undefined): Promise<void> {
  if (!ledger) return;
  await ledger.bridge.close();
  await ledger.cc.close();
  await rm(ledger.dataDir, { recursive: true, force: true });
}

/** Opens the app on the Links screen, then the Fulfilments screen: ms until its newest row. */
async function openFulfilments(browser: BrowserSession, ledger: Ledger) {
  const page = await browser.newPage({ width: 1280, height: 800 });
  await page.goto(ledger.bridge.url);
  await ledger.bridge.waitForEventClients(1);
  await page.getByRole('heading', { level: 1, name: 'Links' }).waitFor();
  await page.evaluate(WATCH_ROWS);
  const want = (email: string) => awaitRow(page, email);
  const seenAt = async (email: string): Promise<number> => {
    const handle = await page.waitForFunction(
      (e) => (window as unknown as { __seenAt: Record<string, number> }).__seenAt[e],
      email,
      { timeout: 60_000, polling: 5 },
    );
    return (await handle.jsonValue()) as number;
  };
  await want(NEWEST);
  const openedAt = Date.now();
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('button', { name: /^Fulfilments/ })
    .click();
  const rowAt = await seenAt(NEWEST);
  const clickAt = await page.evaluate(
    () => (window as unknown as { __clickAt?: number }).__clickAt,
  );
  const firstRows = rowAt - (clickAt ?? openedAt);
  return { page, want, seenAt, firstRows };
}

const OPENS = 5;

async function medianFirstRows(browser: BrowserSession, ledger: Ledger): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < OPENS; i++) {
    const opened = await openFulfilments(browser, ledger);
    samples.push(opened.firstRows);
    await opened.page.close();
  }
  return median(samples);
}

export async function bench(report: Report): Promise<void> {
  const rendererDir = await buildRenderer();
  let browser: BrowserSession | undefined;
  let ledger: Ledger | undefined;
  try {
    browser = await launchBrowser();
    // Baseline, same run and browser: the same screen over a ledger of one sale. Each figure is
    // the median of OPENS fresh pages, so neither depends on which ledger was opened first.
    ledger = await openLedger(rendererDir, 1);
    report('screen.bare.first_rows_1_sale', await medianFirstRows(browser, ledger), 'ms');
    await benchFirstPaint(report, browser, ledger.cc);
    await closeLedger(ledger);

    ledger = await openLedger(rendererDir, COUNT, report);
    report('screen.first_rows', await medianFirstRows(browser, ledger), 'ms', '< 500 ms');
    const { page, want, seenAt } = await openFulfilments(browser, ledger);
    await page.locator('.list-count').filter({ hasText: '100,000 sales' }).waitFor();
    const rowsInDom = () => page.locator('.sale-row[data-sale-id]').count();
    report('screen.rows_in_dom', await rowsInDom(), 'rows', '<= 200');

    await want(OLDEST);
    const scrolledAt = Date.now();
    await page.locator('.sale-scroller').evaluate((el) => el.scrollTo(0, el.scrollHeight));
    report('screen.scroll_to_end', (await seenAt(OLDEST)) - scrolledAt, 'ms');
    report('screen.rows_in_dom_at_end', await rowsInDom(), 'rows', '<= 200');
    const maxRows = await page.evaluate(
      () => (window as unknown as { __maxRows: number }).__maxRows,
    );
    report('screen.rows_in_dom_max', maxRows, 'rows', '<= 200');
  } finally {
    await closeLedger(ledger);
    await browser?.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await bench(createReporter([]));
}
