// The whole app minus Electron: the real console on a temp data folder, its
// contract carried to the built renderer by the HTTP test bridge.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { createConsole, type CheckoutConsole } from '../../main/console';
import { createMemorySecrets } from '../../main/secrets';
import { startHttpBridge, type HttpBridge } from '../support/http-bridge';
import { buildRenderer } from '../support/renderer-build';

export interface RunningApp {
  url: string;
  console: CheckoutConsole;
  bridge: HttpBridge;
  close(): Promise<void>;
}

export async function startApp(): Promise<RunningApp> {
  const rendererDir = await buildRenderer();
  const dataDir = await mkdtemp(join(tmpdir(), 'checkout-console-e2e-'));
  // An empty env: credentials from the developer's shell must not skip onboarding.
  const console = await createConsole({ dataDir, secrets: createMemorySecrets(), env: {} });
  const bridge = await startHttpBridge({ console, rendererDir });
  return {
    url: bridge.url,
    console,
    bridge,
    async close() {
      await bridge.close();
      await console.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Opens the app and waits until its event stream is connected. */
export async function openApp(page: Page, app: RunningApp): Promise<void> {
  await page.goto(app.url);
  await app.bridge.waitForEventClients(1);
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
