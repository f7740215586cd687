// Settings › Webhooks and tunnel tells the merchant how Quaderno's webhook deliveries prove
// themselves (the signature scheme the receiver saw last), in Chromium against the in-memory
// double. It was the status strip's line until the strip became one sentence (issue 17): the
// same assertions, read where the detail now is.
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useRendererPages } from '../../support/renderer-pages';
import { createDeskFake } from './desk-fake-console';

const pages = useRendererPages();

async function liveDetails(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: 'Webhooks and tunnel' }).click();
  return page.getByRole('region', { name: 'Receiving now' });
}

describe('the live details’ signature line', () => {
  it('shows the scheme the deliveries were verified with, and when they cannot be verified', async () => {
    const fake = createDeskFake();
    fake.status = { ...fake.status, signatureScheme: 'ruby_snippet' };
    const page = await pages.open(fake, { screen: 'Settings' });
    const strip = await liveDetails(page);
    await strip.getByText('verified (Ruby snippet scheme)').waitFor();
    fake.emit('receiver.status', { ...fake.status, signatureScheme: 'unverifiable' });
    await strip.getByText("not verifiable: sales confirmed through Quaderno's API").waitFor();
    expect(await strip.textContent()).not.toContain('Ruby snippet');
  });

  it('shows no signature line before any delivery was verified', async () => {
    const fake = createDeskFake();
    const page = await pages.open(fake, { screen: 'Settings' });
    const strip = await liveDetails(page);
    await strip.getByText('listening on port 43117').waitFor();
    expect(await strip.textContent()).not.toContain('Signatures');
  });
});
