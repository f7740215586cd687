// The file: page (test/support/file-page.ts) runs the real preload's code before the app, as the
// packaged window does, so the first-paint bench's file: figure pays what Electron pays.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { indexFileUrl, launchFileBrowser, newFilePage } from '../../support/file-page';
import { buildRenderer } from '../../support/renderer-build';
import { createDeskFake } from './desk-fake-console';

let rendererDir = '';
let browser: Browser | undefined;

beforeAll(async () => {
  rendererDir = await buildRenderer();
  browser = await launchFileBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe('a file: page', () => {
  it('refuses a method outside the contract in the preload, before main is asked', async () => {
    if (!browser) throw new Error('No browser.');
    const fake = createDeskFake();
    const asked: string[] = [];
    const page = await newFilePage(browser, (name, input) => {
      asked.push(name);
      return fake.dispatch(name, input);
    });
    await page.goto(indexFileUrl(rendererDir));
    await page.getByRole('heading', { level: 1, name: 'Links' }).waitFor();
    const refusal = await page.evaluate(async () => {
      const bridge = Reflect.get(window, 'checkoutConsole') as {
        invoke(name: string, input: unknown): Promise<unknown>;
      };
      try {
        await bridge.invoke('fs.readFile', {});
        return null;
      } catch (error) {
        return { frozen: Object.isFrozen(error), ...(error as object) };
      }
    });
    expect(refusal).toEqual({
      frozen: true,
      name: 'ContractError',
      code: 'invalid_input',
      message: 'Unknown method "fs.readFile".',
    });
    expect(asked).not.toContain('fs.readFile');
    expect(asked).toContain('links.list');
  });
});
