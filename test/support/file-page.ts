// The renderer as the packaged window loads it: index.html from a file: URL, no HTTP server and
// no test bridge script. Before the page's scripts run, the real preload's code does (preload/
// bridge.ts, bundled as electron-vite bundles the preload; it builds no method's schema), as
// Electron runs the preload on every window open; only its carrier differs: calls reach a
// console's dispatch through a binding, not IPC, and no events are carried.
// For the first-screen bundle test and the first-paint bench.
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import { IPC_PREFIX } from '../../preload/contract';
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

// Records CSP violations in window.__violations for the test to read; runs before the preload.
const WATCH_VIOLATIONS = `(() => {
  const violations = (window.__violations = []);
  document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective + ' ' + e.blockedURI));
})()`;

const preloadDir = fileURLToPath(new URL('../../preload/', import.meta.url));
// Vite makes a lib entry a path under its root; any id ending so is this entry.
const ENTRY_NAME = 'file-page-preload.js';
const ENTRY_ID = '\0file-page-preload';
// The preload's entry (preload/index.ts) over a binding: a file: page's CSP allows no connection
// to 127.0.0.1, so the transport calls window.__dispatch (exposed by Playwright) with the method's
// name, and main's envelope comes back to the bridge to check and unwrap.
const ENTRY = `
import ${JSON.stringify(join(preloadDir, 'zod-jitless.ts'))};
import { createBridge, forContextBridge } from ${JSON.stringify(join(preloadDir, 'bridge.ts'))};
const prefix = ${JSON.stringify(IPC_PREFIX)};
const transport = {
  invoke: (channel, input) => window.__dispatch(channel.slice(prefix.length), input ?? {}),
  on: () => undefined,
  removeListener: () => undefined,
};
window.checkoutConsole = forContextBridge(createBridge(transport));
`;

let bundled: Promise<string> | null = null;

/** The preload's code for a file: page, bundled once per process like the test bridge's. */
function filePreloadScript(): Promise<string> {
  bundled ??= build({
    configFile: false,
    logLevel: 'warn',
    mode: 'production',
    plugins: [
      {
        name: 'file-page-preload',
        enforce: 'pre',
        resolveId: (id) => (id.endsWith(ENTRY_NAME) ? ENTRY_ID : null),
        load: (id) => (id === ENTRY_ID ? ENTRY : null),
      },
    ],
    build: {
      write: false,
      target: 'es2022',
      minify: false,
      lib: { entry: ENTRY_NAME, formats: ['iife'], name: 'checkoutConsoleFilePreload' },
    },
  }).then((result) => {
    const outputs = Array.isArray(result) ? result : [result];
    const chunk = outputs
      .flatMap((o) => ('output' in o ? o.output : []))
      .find((o) => o.type === 'chunk');
    if (!chunk) throw new Error('The file: page preload did not build.');
    return chunk.code;
  });
  return bundled;
}

export function launchFileBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: FILE_CHROMIUM_ARGS });
}

/** A page in a fresh context (cold cache) whose bridge is `dispatch`; not navigated yet. */
export async function newFilePage(browser: Browser, dispatch: Dispatch): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.exposeFunction('__dispatch', dispatch);
  await page.addInitScript(WATCH_VIOLATIONS);
  await page.addInitScript(await filePreloadScript());
  return page;
}

/** The file: URL of `dir`'s index.html (a built renderer, or a baseline page). */
export function indexFileUrl(dir: string): string {
  return pathToFileURL(join(dir, 'index.html')).href;
}
