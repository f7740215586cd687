// Debian's Chromium driven by playwright-core (`npx playwright install` cannot
// download a browser here). Every page records console errors, uncaught
// exceptions and CSP violations so a test can fail on any of them.
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

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
