// The status strip tells the merchant how Quaderno's webhook deliveries prove themselves
// (the signature scheme the receiver saw last), in Chromium against the in-memory double.
import { describe, expect, it } from 'vitest';
import { useRendererPages } from '../../support/renderer-pages';
import { createDeskFake } from './desk-fake-console';

const pages = useRendererPages();

describe('the status strip’s signature line', () => {
  it('shows the scheme the deliveries were verified with, and when they cannot be verified', async () => {
    const fake = createDeskFake();
    fake.status = { ...fake.status, signatureScheme: 'ruby_snippet' };
    const page = await pages.open(fake);
    const strip = page.getByRole('region', { name: 'Live status' });
    await strip.getByText('verified (Ruby snippet scheme)').waitFor();
    fake.emit('receiver.status', { ...fake.status, signatureScheme: 'unverifiable' });
    await strip.getByText("not verifiable: sales confirmed through Quaderno's API").waitFor();
    expect(await strip.textContent()).not.toContain('Ruby snippet');
  });

  it('shows no signature line before any delivery was verified', async () => {
    const fake = createDeskFake();
    const page = await pages.open(fake);
    const strip = page.getByRole('region', { name: 'Live status' });
    await strip.getByText('listening on port 43117').waitFor();
    expect(await strip.textContent()).not.toContain('Signatures');
  });
});
