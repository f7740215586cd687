// The built renderer in a browser context that speaks `locale` (navigator.language and Intl's
// default), for tests that dates follow the merchant's locale rather than a fixed format.
import type { Page } from 'playwright-core';
import type { FileBrowser } from './browser';
import type { BridgedConsole } from './http-bridge';
import { goToScreen, openRenderer, type OpenOptions } from './renderer-pages';

/** Opens the renderer on `console`, then a second page on the same bridge in `locale`. */
export async function openInLocale(
  browser: FileBrowser,
  console: BridgedConsole,
  locale: string,
  options: Pick<OpenOptions, 'screen' | 'viewport'> = {},
): Promise<Page> {
  // useBrowser hands out pages, not the browser: the first page leads to it and to the bridge.
  const { page: first, bridge } = await openRenderer(browser, console);
  const chromium = first.context().browser();
  if (!chromium) throw new Error('openInLocale: the page has no browser');
  const context = await chromium.newContext({
    locale,
    viewport: options.viewport ?? { width: 1280, height: 800 },
  });
  browser.defer(() => context.close());
  // As useBrowser's pages: a missing element fails with a locator message, not a test timeout.
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  await page.goto(bridge.url);
  await bridge.waitForEventClients(2);
  if (options.screen) await goToScreen(page, options.screen);
  return page;
}
