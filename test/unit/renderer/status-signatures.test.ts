// The status strip tells the merchant how Quaderno's webhook deliveries prove themselves
// (the signature scheme the receiver saw last), in Chromium against the in-memory double.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser, type BrowserSession } from '../../support/browser';
import { startHttpBridge, type HttpBridge } from '../../support/http-bridge';
import { buildRenderer } from '../../support/renderer-build';
import { createDeskFake } from './desk-fake-console';

let browser: BrowserSession;
let rendererDir: string;
const running: HttpBridge[] = [];
let page: Page | undefined;

beforeAll(async () => {
  browser = await launchBrowser();
  rendererDir = await buildRenderer();
}, 120_000);

afterEach(async () => {
  await page?.context().close();
  page = undefined;
  await Promise.all(running.splice(0).map((b) => b.close()));
  browser.assertNoProblems();
});

afterAll(async () => {
  await browser?.close();
});

describe('the status strip’s signature line', () => {
  it('shows the scheme the deliveries were verified with, and when they cannot be verified', async () => {
    const fake = createDeskFake();
    fake.status = { ...fake.status, signatureScheme: 'ruby_snippet' };
    const bridge = await startHttpBridge({ console: fake, rendererDir });
    running.push(bridge);
    page = await browser.newPage();
    await page.goto(bridge.url);
    await bridge.waitForEventClients(1);
    const strip = page.getByRole('region', { name: 'Live status' });
    await strip.getByText('verified (Ruby snippet scheme)').waitFor();
    fake.emit('receiver.status', { ...fake.status, signatureScheme: 'unverifiable' });
    await strip.getByText("not verifiable: sales confirmed through Quaderno's API").waitFor();
    expect(await strip.textContent()).not.toContain('Ruby snippet');
  });

  it('shows no signature line before any delivery was verified', async () => {
    const fake = createDeskFake();
    const bridge = await startHttpBridge({ console: fake, rendererDir });
    running.push(bridge);
    page = await browser.newPage();
    await page.goto(bridge.url);
    await bridge.waitForEventClients(1);
    const strip = page.getByRole('region', { name: 'Live status' });
    await strip.getByText('listening on port 43117').waitFor();
    expect(await strip.textContent()).not.toContain('Signatures');
  });
});
