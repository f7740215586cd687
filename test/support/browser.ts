// Debian's Chromium driven by playwright-core (`npx playwright install` cannot
// download a browser here). Every page records console errors, uncaught
// exceptions and CSP violations so a test can fail on any of them.
import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
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
  /** Every problem seen since the last take or assert, forgotten as it is returned. */
  takeProblems(): string[];
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
  const seen: string[] = [];
  const takeProblems = () => seen.splice(0);

  return {
    browser,
    async newPage(viewport = { width: 1280, height: 800 }) {
      const context = await browser.newContext({ viewport });
      // Below vitest's 30 s test timeout, so a missing element fails with a locator message.
      context.setDefaultTimeout(15_000);
      await context.addInitScript(reportViolations);
      const page = await context.newPage();
      trackWaits(page);
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
    takeProblems,
    assertNoProblems() {
      const found = takeProblems();
      if (found.length > 0) throw new Error(problemsText(found));
    },
    close: () => browser.close(),
  };
}

const problemsText = (found: string[]) => `The page reported problems:\n${found.join('\n')}`;

/** Saves a full-page PNG under test-artifacts/ (git-ignored) and returns its path. */
export async function saveScreenshot(
  page: Page,
  name: string,
  options: { timeout?: number } = {},
): Promise<string> {
  const path = join(ARTIFACTS_DIR, `${name}.png`);
  await mkdir(dirname(path), { recursive: true });
  await page.screenshot({ path, fullPage: true, ...options });
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
    pendingWaits.clear();
  });
  afterEach(async (context) => {
    inTest = false;
    // Read before the pages close: a failed wait names what it waited for, not what was shown.
    const pages = session?.browser.contexts().flatMap((context) => context.pages()) ?? [];
    const failed = context.task.result?.state === 'fail';
    // A test that ran out of time says what it was still waiting for (vitest's own message
    // names no step): the Playwright calls in progress, with where in the test each was made.
    const waiting = failed ? waitsInProgress() : [];
    const waits = waiting.length > 0 ? `Still waiting for:\n${waiting.join('\n')}\n\n` : '';
    const shown = failed ? waits + (await describePages(pages, context.task.name)) : '';
    await closeAll(testScope);
    if (shown) {
      const problems = session?.takeProblems() ?? [];
      throw new Error(problems.length > 0 ? `${shown}\n\n${problemsText(problems)}` : shown);
    }
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

// ---------- what a test is waiting for ----------

/** A Playwright call in progress: what it waits for, where in the test it was made, since when. */
interface PendingWait {
  what: string;
  where: string;
  since: number;
}

const pendingWaits = new Set<PendingWait>();

// The Locator and Page methods that wait for the page (an action waits for its element).
const LOCATOR_WAITS = [
  'waitFor',
  'click',
  'dblclick',
  'fill',
  'clear',
  'check',
  'uncheck',
  'setChecked',
  'selectOption',
  'selectText',
  'press',
  'pressSequentially',
  'type',
  'hover',
  'tap',
  'focus',
  'blur',
  'dispatchEvent',
  'dragTo',
  'setInputFiles',
  'scrollIntoViewIfNeeded',
  'textContent',
  'innerText',
  'innerHTML',
  'inputValue',
  'getAttribute',
  'boundingBox',
  'evaluate',
  'screenshot',
];
const PAGE_WAITS = [
  'goto',
  'waitForSelector',
  'waitForURL',
  'waitForFunction',
  'waitForResponse',
  'waitForRequest',
  'waitForEvent',
  'waitForLoadState',
];

const REPO_ROOT = resolve(import.meta.dirname, '../..');

/** The test's own frames of the stack here, innermost first: the step that made the call. */
function callSite(): string {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 30;
  const stack = new Error().stack ?? '';
  Error.stackTraceLimit = limit;
  return stack
    .split('\n')
    .slice(1)
    .map((line) => line.trim().replace(/^at /, ''))
    .filter((line) => line.includes(`${REPO_ROOT}/test/`) && !line.includes('support/browser.ts'))
    .slice(0, 4)
    .map((line) => line.replaceAll(`${REPO_ROOT}/`, '').replace(/:(\d+):\d+(\)?)$/, ':$1$2'))
    .join(' ← ');
}

/** A page call's first argument, briefly: the URL, pattern or function it waits on. */
function briefly(arg: unknown): string {
  if (typeof arg === 'string' || arg instanceof RegExp) return String(arg);
  if (typeof arg === 'function') return String(arg).replace(/\s+/g, ' ').slice(0, 100);
  return '';
}

const tracked = new WeakSet<object>();

/** Wraps each of `names` on `proto` to record its calls in progress in `pendingWaits`. */
function recordCalls(
  proto: object,
  names: string[],
  what: (self: unknown, name: string, args: unknown[]) => string,
) {
  if (tracked.has(proto)) return;
  tracked.add(proto);
  for (const name of names) {
    const original: unknown = Reflect.get(proto, name);
    if (typeof original !== 'function') continue;
    const wrapped = function (this: unknown, ...args: unknown[]): unknown {
      const result: unknown = Reflect.apply(original, this, args);
      if (!(result instanceof Promise)) return result;
      const wait = { what: what(this, name, args), where: callSite(), since: Date.now() };
      pendingWaits.add(wait);
      const settled = () => pendingWaits.delete(wait);
      result.then(settled, settled);
      return result;
    };
    Object.defineProperty(proto, name, { value: wrapped, writable: true, configurable: true });
  }
}

/** From now on, the waits of every Locator and Page (one class each) are recorded. */
function trackWaits(page: Page): void {
  recordCalls(
    Object.getPrototypeOf(page) as object,
    PAGE_WAITS,
    (_, name, args) => `page.${name}(${briefly(args[0])})`,
  );
  recordCalls(
    Object.getPrototypeOf(page.locator('body')) as object,
    LOCATOR_WAITS,
    (self, name) => `${name} on ${String(self)}`,
  );
}

/**
 * The Playwright waits in progress, oldest first, each with how long it has waited and the
 * test's frames that made it: `waitFor on getByRole('heading', { name: 'Link ready' }) for 12.0 s,
 * at createCourseLink (test/e2e/journey-steps.ts:57) ← …`.
 */
export function waitsInProgress(now = Date.now()): string[] {
  return [...pendingWaits].map((w) => {
    const seconds = ((now - w.since) / 1000).toFixed(1);
    return `  ${w.what} for ${seconds} s${w.where ? `, at ${w.where}` : ''}`;
  });
}

/**
 * Waits until the text of `locator` (all its matches, joined by new lines) contains
 * `expected`, and returns that text: a page that re-renders is read once it has settled
 * on the outcome, never at one instant.
 */
export async function waitForText(locator: Locator, expected: string | RegExp): Promise<string> {
  let text = '';
  const wait = {
    what: `text ${String(expected)} in ${String(locator)}`,
    where: callSite(),
    since: Date.now(),
  };
  pendingWaits.add(wait);
  try {
    await expect
      .poll(async () => {
        text = (await locator.allTextContents()).join('\n');
        return text;
      })
      .toMatch(expected);
  } finally {
    pendingWaits.delete(wait);
  }
  return text;
}

// Enough of a page's accessibility tree to see which screen, dialog or message it was on.
const SHOWN_CHARS = 4_000;

/**
 * What each open page showed when a test failed: its address and accessibility tree, with a
 * screenshot under test-artifacts/failed/. A page that no longer answers says so instead.
 */
export async function describePages(pages: Page[], testName: string): Promise<string> {
  const slug = testName.replace(/[^a-z0-9]+/gi, '-').slice(0, 80);
  const parts = await Promise.all(
    pages.map(async (page, index) => {
      const name = `failed/${slug}-${index + 1}`;
      const [tree, shot] = await Promise.all([
        page
          .locator('body')
          .ariaSnapshot({ timeout: 5_000 })
          .catch((error: unknown) => `(no snapshot: ${String(error).split('\n')[0]})`),
        saveScreenshot(page, name, { timeout: 5_000 }).catch(() => 'no screenshot'),
      ]);
      const cut = tree.length > SHOWN_CHARS ? `${tree.slice(0, SHOWN_CHARS)}\n…` : tree;
      return `Page ${index + 1} of ${pages.length}: ${page.url()} (${shot})\n${cut}`;
    }),
  );
  return `What the pages showed when the test failed:\n\n${parts.join('\n\n')}`;
}
