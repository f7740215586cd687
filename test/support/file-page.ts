// The renderer as the packaged window loads it: index.html from a file: URL, no HTTP server and
// no test bridge script; window.checkoutConsole calls a console's dispatch through a binding.
// For the first-screen bundle test and the first-paint bench.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_PATH } from './browser';

/** What the page's invoke reaches: a console's (or a console double's) dispatch. */
export type Dispatch = (name: string, input: unknown) => Promise<unknown>;

// Electron lets a file: page load file: modules, which Chromium does with this switch.
const FILE_CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--allow-file-access-from-files',
];

// A binding, not HTTP: a file: page's CSP allows no connection to 127.0.0.1. Records CSP
// violations in window.__violations for the test to read.
const IN_PAGE_BRIDGE = `(() => {
  const violations = (window.__violations = []);
  document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective + ' ' + e.blockedURI));
  window.checkoutConsole = {
    invoke: async (name, input) => {
      const envelope = await window.__dispatch(name, input ?? {});
      if (envelope.ok) return envelope.value;
      throw Object.assign(new Error(envelope.error.message), envelope.error);
    },
    on: () => () => undefined,
  };
})()`;

export function launchFileBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: FILE_CHROMIUM_ARGS });
}

/** A page in a fresh context (cold cache) whose bridge is `dispatch`; not navigated yet. */
export async function newFilePage(browser: Browser, dispatch: Dispatch): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.exposeFunction('__dispatch', dispatch);
  await page.addInitScript(IN_PAGE_BRIDGE);
  return page;
}

/** The file: URL of `dir`'s index.html (a built renderer, or a baseline page). */
export function indexFileUrl(dir: string): string {
  return pathToFileURL(join(dir, 'index.html')).href;
}
