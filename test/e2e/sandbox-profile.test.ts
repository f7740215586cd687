// The app's sandbox choice: which Quaderno the built-in sandbox imitates.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { AppInfo, Envelope } from '../../preload/contract';
import { startApp, type RunningApp } from '../support/app-harness';
import { useBrowser } from '../support/browser';
import { startInSandbox } from './journey-steps';

const browser = useBrowser();

/** What sandbox-state.json keeps, as far as this test reads it. */
const keptState = z.object({ profile: z.unknown() });

async function keptProfile(running: RunningApp): Promise<unknown> {
  const info = (await running.console.call('app.info', {})) as Envelope<AppInfo>;
  if (!info.ok) throw new Error(info.error.message);
  const file = join(info.value.dataDir, 'sandbox-state.json');
  return keptState.parse(JSON.parse(readFileSync(file, 'utf8'))).profile;
}

describe('the sandbox choice', () => {
  it('offers the observed sandbox first, and starts it as documented when the merchant picks that', async () => {
    const app = await startApp(browser, { viewport: { width: 1280, height: 800 } });
    const { page } = app;
    const choice = page.getByLabel('The sandbox answers');
    await expect.poll(() => choice.inputValue()).toBe('observed');
    await startInSandbox(page, 'documented');
    await expect.poll(() => keptProfile(app)).toBe('documented');
  });
});
