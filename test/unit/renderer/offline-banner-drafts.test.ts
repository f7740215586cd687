// Issue 17, "Honest offline": the offline banner says what waits (new links become drafts) and,
// for the built-in sandbox, offers to start it again instead of waiting for a network.
import { beforeEach, describe, expect, it } from 'vitest';
import { useRendererPages } from '../../support/renderer-pages';
import { createDraftsFake, type DraftsFake } from './drafts-fake-console';
import { openLinksScreen } from './links-fake-console';

const pages = useRendererPages();
let fake: DraftsFake;

beforeEach(() => {
  fake = createDraftsFake();
});

const open = () => openLinksScreen(pages, fake, { viewport: { width: 1280, height: 800 } });

describe('the offline banner', () => {
  it('offers Restart sandbox when the account is the built-in sandbox', async () => {
    fake = createDraftsFake({ sandbox: true });
    const p = await open();
    fake.setOnline(false);
    const banner = p.getByRole('status').filter({ hasText: 'Offline.' });
    await banner.getByRole('button', { name: 'Restart sandbox' }).click();
    await expect.poll(() => fake.calls.map((c) => c.name)).toContain('accounts.useSandbox');
  });

  it('offers no restart for a real account, and says new links are kept as drafts', async () => {
    const p = await open();
    fake.setOnline(false);
    const banner = p.getByRole('status').filter({ hasText: 'Offline.' });
    await banner.waitFor();
    expect(await banner.textContent()).toMatch(/New links are kept as drafts/);
    // The accounts are known (the frame names the one in use) before "no button" means anything.
    await p.getByRole('group', { name: 'Account in use' }).waitFor();
    expect(await banner.getByRole('button').count()).toBe(0);
  });
});
