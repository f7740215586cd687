// The app's sandbox choice: which Quaderno the built-in sandbox imitates.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AppInfo, Envelope } from '../../preload/contract';
import { launchBrowser, type BrowserSession } from '../support/browser';
import { openApp, startApp, type RunningApp } from './app-harness';

let browser: BrowserSession;
let app: RunningApp | null = null;
let page: Page | null = null;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterEach(async () => {
  await page?.context().close();
  page = null;
  await app?.close();
  app = null;
  browser.assertNoProblems();
});

afterAll(async () => {
  await browser?.close();
});

async function keptProfile(running: RunningApp): Promise<unknown> {
  const info = (await running.console.call('app.info', {})) as Envelope<AppInfo>;
  if (!info.ok) throw new Error(info.error.message);
  const file = join(info.value.dataDir, 'sandbox-state.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { profile?: unknown }).profile;
}

describe('the sandbox choice', () => {
  it('offers the observed sandbox first, and starts it as documented when the merchant picks that', async () => {
    app = await startApp();
    page = await browser.newPage({ width: 1280, height: 800 });
    await openApp(page, app);
    const choice = page.getByLabel('The sandbox answers');
    await expect.poll(() => choice.inputValue()).toBe('observed');
    await choice.selectOption('documented');
    await page.getByRole('button', { name: 'Try the built-in sandbox' }).click();
    await page.getByRole('heading', { level: 1, name: 'Links' }).waitFor();
    const running = app;
    await expect.poll(() => keptProfile(running)).toBe('documented');
  });
});
