// The built renderer in a browser page, on its own HTTP bridge to a console (the real one,
// see app-harness.ts, or a fake typed against the contract). Pages and bridges close with
// the scope that opened them (useBrowser), so no test file repeats that set-up.
import type { Page } from 'playwright-core';
import { useBrowser, type FileBrowser, type Viewport } from './browser';
import { startHttpBridge, type BridgedConsole, type HttpBridge } from './http-bridge';
import { buildRenderer } from './renderer-build';

export interface OpenOptions {
  /** A screen to go to through the main navigation ('Fulfilments', 'Settings', …). */
  screen?: string;
  viewport?: Viewport;
  /** Lets the page read and write the clipboard (copy buttons). */
  clipboard?: boolean;
  /** Default true. False serves the page as a plain browser would see it: no bridge. */
  injectBridge?: boolean;
}

export interface OpenedRenderer {
  page: Page;
  bridge: HttpBridge;
}

/** Goes to a screen through the main navigation and waits for its heading. */
export async function goToScreen(page: Page, screen: string): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('button', { name: new RegExp(`^${screen}`) })
    .click();
  await page.getByRole('heading', { level: 1, name: screen }).waitFor();
}

/** On the Settings screen: goes to one of its sections and waits for the section's heading. */
export async function goToSettingsSection(page: Page, section: string): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Settings sections' })
    .getByRole('button', { name: section })
    .click();
  await page.getByRole('heading', { level: 2, name: section }).waitFor();
}

/** The built renderer against `console` in a new page, its event stream connected. */
export async function openRenderer(
  browser: FileBrowser,
  console: BridgedConsole,
  options: OpenOptions = {},
): Promise<OpenedRenderer> {
  const rendererDir = await buildRenderer();
  const bridge = await startHttpBridge({
    console,
    rendererDir,
    ...(options.injectBridge === undefined ? {} : { injectBridge: options.injectBridge }),
  });
  browser.defer(() => bridge.close());
  const page = await browser.newPage(options.viewport);
  if (options.clipboard) {
    await page
      .context()
      .grantPermissions(['clipboard-read', 'clipboard-write'], { origin: bridge.url });
  }
  await page.goto(bridge.url);
  if (options.injectBridge === false) return { page, bridge };
  await bridge.waitForEventClients(1);
  if (options.screen) await goToScreen(page, options.screen);
  return { page, bridge };
}

export interface RendererPages {
  browser: FileBrowser;
  /** The built renderer against `console`, its event stream connected. */
  open(console: BridgedConsole, options?: OpenOptions): Promise<Page>;
}

/** One Chromium and one renderer build per file; a page per test on its own bridge. */
export function useRendererPages(): RendererPages {
  const browser = useBrowser();
  return {
    browser,
    async open(console, options) {
      return (await openRenderer(browser, console, options)).page;
    },
  };
}
