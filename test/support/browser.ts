// Debian's Chromium driven by playwright-core (`npx playwright install` cannot
// download a browser here). Every page records console errors, uncaught
// exceptions and CSP violations so a test can fail on any of them.
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { buildRenderer } from './renderer-build';

export const CHROMIUM_PATH = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

export const ARTIFACTS_DIR = resolve(import.meta.dirname, '../../test-artifacts');

export interface Viewport {
  width: number;
  height: number;
}

export interface BrowserSession {
  browser: Browser;
  /** A page in its own context (fresh storage), watched for errors. */
  newPage(viewport?: Viewport): Promise<Page>;
  /** Every problem seen on any page so far, in order. */
  problems(): string[];
  /** Throws listing every problem seen since the last call, then forgets them. */
  assertNoProblems(): void;
  close(): Promise<void>;
}

// Runs before any page script; init scripts are not subject to the page's CSP.
const reportViolations = () => {
  document.addEventListener('securitypolicyviolation', (event) => {
    console.error(
      `CSP violation: ${event.violatedDirective} blocked ${event.blockedURI} at ${event.sourceFile}:${event.lineNumber}`,
    );
  });
};

export async function launchBrowser(): Promise<BrowserSession> {
  // launch() gives every browser a fresh temporary user-data dir, removed on close.
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  let seen: string[] = [];

  return {
    browser,
    async newPage(viewport = { width: 1280, height: 800 }) {
      const context = await browser.newContext({ viewport });
      // Below vitest's 30 s test timeout, so a missing element fails with a locator message.
      context.setDefaultTimeout(15_000);
      await context.addInitScript(reportViolations);
      const page = await context.newPage();
      page.on('console', (message) => {
        if (message.type() !== 'error') return;
        const where = message.location().url;
        seen.push(`console error: ${message.text()}${where ? ` (${where})` : ''}`);
      });
      page.on('pageerror', (error) => seen.push(`uncaught: ${error.message}`));
      page.on('crash', () => seen.push('page crashed'));
      return page;
    },
    problems: () => [...seen],
    assertNoProblems() {
      const found = seen;
      seen = [];
      if (found.length > 0) throw new Error(`The page reported problems:\n${found.join('\n')}`);
    },
    close: () => browser.close(),
  };
}

/** Saves a full-page PNG under test-artifacts/ (git-ignored) and returns its path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  const path = join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

export interface FileBrowser {
  /** A page in its own context, watched for errors and closed with its scope (see `defer`). */
  newPage(viewport?: Viewport): Promise<Page>;
  /**
   * Runs `close` when the current scope ends: after this test when called in a test, after
   * the file when called in beforeAll. The latest first, so a page closes before its bridge.
   */
  defer(close: () => Promise<void> | void): void;
  assertNoProblems(): void;
}

/**
 * One Chromium for the whole test file, launched before its first test and closed after the
 * last, with the renderer built by then (unless `renderer: false`) so no test pays for it.
 * After each test everything the test opened is closed, then any console error, uncaught
 * exception or CSP violation a page reported fails that test.
 */
export function useBrowser(options: { renderer?: boolean } = {}): FileBrowser {
  let session: BrowserSession | undefined;
  let inTest = false;
  const fileScope: Array<() => Promise<void> | void> = [];
  const testScope: Array<() => Promise<void> | void> = [];
  const closeAll = async (scope: Array<() => Promise<void> | void>) => {
    for (const close of scope.splice(0).reverse()) await close();
  };

  beforeAll(async () => {
    const built = options.renderer === false ? null : buildRenderer();
    session = await launchBrowser();
    await built;
  }, 120_000);
  beforeEach(() => {
    inTest = true;
  });
  afterEach(async () => {
    inTest = false;
    await closeAll(testScope);
    session?.assertNoProblems();
  });
  afterAll(async () => {
    await closeAll(fileScope);
    await session?.close();
  });

  const handle: FileBrowser = {
    async newPage(viewport) {
      if (!session) throw new Error('useBrowser: the browser did not start');
      const page = await session.newPage(viewport);
      handle.defer(() => page.context().close());
      return page;
    },
    defer(close) {
      (inTest ? testScope : fileScope).push(close);
    },
    assertNoProblems: () => session?.assertNoProblems(),
  };
  return handle;
}

/**
 * Waits until the text of `locator` (all its matches, joined by new lines) contains
 * `expected`, and returns that text: a page that re-renders is read once it has settled
 * on the outcome, never at one instant.
 */
export async function waitForText(locator: Locator, expected: string | RegExp): Promise<string> {
  let text = '';
  await expect
    .poll(async () => {
      text = (await locator.allTextContents()).join('\n');
      return text;
    })
    .toMatch(expected);
  return text;
}
