// The whole app minus Electron: the real console on a temp data folder, its contract carried
// to the built renderer in Chromium by the HTTP test bridge. Every browser test of the real
// console starts here (`useBrowser` + `startApp`), so their set-up lives in one place.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { createConsole, type CheckoutConsole, type ConsoleOptions } from '../../main/console';
import { createMemorySecrets } from '../../main/secrets';
import type { FileBrowser } from './browser';
import type { HttpBridge } from './http-bridge';
import { openRenderer, type OpenOptions } from './renderer-pages';

export interface AppOptions extends OpenOptions {
  /** Uses the built-in sandbox before the page opens: the named profile, or its default. */
  sandbox?: 'documented' | 'observed' | true;
  /** Passed on to the console (e.g. `{ autoStart: false }` to keep the receiver stopped). */
  live?: ConsoleOptions['live'];
  /** Default true. False starts the console alone; `openPage()` opens the window later. */
  page?: boolean;
}

export interface RunningApp {
  console: CheckoutConsole;
  dataDir: string;
  /** The files the app's save dialog wrote, in order (it answers with a file in dataDir). */
  saved: string[];
  /** The window, unless `page: false`. */
  page: Page;
  url: string;
  bridge: HttpBridge;
  /** Another window on the same console. */
  openPage(options?: OpenOptions): Promise<Page>;
}

/**
 * Starts the console and opens the renderer on it. Everything closes with the scope that
 * started it: the test, or the file when called from beforeAll.
 */
export async function startApp(
  browser: FileBrowser,
  options: AppOptions = {},
): Promise<RunningApp> {
  const dataDir = await mkdtemp(join(tmpdir(), 'checkout-console-e2e-'));
  browser.defer(() => rm(dataDir, { recursive: true, force: true }));
  const saved: string[] = [];
  const console = await createConsole({
    dataDir,
    secrets: createMemorySecrets(),
    // An empty env: credentials from the developer's shell must not skip onboarding.
    env: {},
    ...(options.live ? { live: options.live } : {}),
    // As the desktop app opens it (main/index.ts): delivery runs, command rules are refused.
    delivery: { run: true, commands: false },
    saveFile: async (name, content) => {
      const path = join(dataDir, name);
      await writeFile(path, content, 'utf8');
      saved.push(path);
      return path;
    },
  });
  browser.defer(() => console.close());
  if (options.sandbox) {
    const profile = options.sandbox === true ? {} : { profile: options.sandbox };
    expect(await console.call('accounts.useSandbox', profile)).toMatchObject({ ok: true });
  }

  const app = { console, dataDir, saved } as RunningApp;
  app.openPage = async (open = options) => {
    const opened = await openRenderer(browser, console, open);
    app.page ??= opened.page;
    app.url ??= opened.bridge.url;
    app.bridge ??= opened.bridge;
    return opened.page;
  };
  if (options.page !== false) await app.openPage(options);
  return app;
}

/**
 * The error messages tied to a field through aria-describedby: what a screen
 * reader announces with the field, and what is shown next to it.
 */
export async function fieldErrors(field: Locator): Promise<string[]> {
  return field.evaluate((input) => {
    const ids = (input.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
    return ids
      .map((id) => document.getElementById(id))
      .filter((el): el is HTMLElement => el !== null && el.classList.contains('field-error'))
      .map((el) => el.textContent ?? '');
  });
}
