// The renderer tests' browser set-up in one place: one Chromium and one renderer build per
// file, a page per test on its own HTTP bridge, closed after it, and any console error, uncaught
// exception or CSP violation the page reported fails the test.
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { launchBrowser, type BrowserSession, type Viewport } from './browser';
import { startHttpBridge, type BridgedConsole, type HttpBridge } from './http-bridge';
import { buildRenderer } from './renderer-build';

export interface OpenOptions {
  /** A screen to go to through the main navigation ('Fulfilments', 'Settings', …). */
  screen?: string;
  viewport?: Viewport;
  /** Lets the page read and write the clipboard (copy buttons). */
  clipboard?: boolean;
}

export interface RendererPages {
  /** The built renderer against `console`, its event stream connected. */
  open(console: BridgedConsole, options?: OpenOptions): Promise<Page>;
}

export function useRendererPages(): RendererPages {
  let browser: BrowserSession | undefined;
  let rendererDir = '';
  const running: HttpBridge[] = [];
  let page: Page | undefined;

  beforeAll(async () => {
    browser = await launchBrowser();
    rendererDir = await buildRenderer();
  }, 120_000);

  afterEach(async () => {
    await page?.context().close();
    page = undefined;
    await Promise.all(running.splice(0).map((b) => b.close()));
    browser?.assertNoProblems();
  });

  afterAll(async () => {
    await browser?.close();
  });

  return {
    async open(console, options = {}) {
      if (!browser) throw new Error('useRendererPages: the browser did not start');
      const bridge = await startHttpBridge({ console, rendererDir });
      running.push(bridge);
      page = await browser.newPage(options.viewport);
      if (options.clipboard) {
        await page
          .context()
          .grantPermissions(['clipboard-read', 'clipboard-write'], { origin: bridge.url });
      }
      await page.goto(bridge.url);
      await bridge.waitForEventClients(1);
      if (options.screen) {
        await page
          .getByRole('navigation', { name: 'Main' })
          .getByRole('button', { name: new RegExp(`^${options.screen}`) })
          .click();
        await page.getByRole('heading', { level: 1, name: options.screen }).waitFor();
      }
      return page;
    },
  };
}
