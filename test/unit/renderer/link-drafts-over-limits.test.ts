// A draft saved before links were limited no longer reads as a request: its row in Drafts still
// names the customer and the products, and says what the console (not Quaderno) found and what
// to do. In Chromium against the drafts console double, with main's own words.
import { describe, expect, it } from 'vitest';
import { readUnreadableDraft } from '../../../main/links/drafts';
import { useRendererPages } from '../../support/renderer-pages';
import { createDraftsFake } from './drafts-fake-console';
import { openLinksScreen } from './links-fake-console';

const pages = useRendererPages();
const at = '2026-11-27T10:15:00.000Z';

describe('a draft saved before links were limited to 100 products', () => {
  it("shows the customer's email and the console's reason, never that Quaderno refused it", async () => {
    const fake = createDraftsFake();
    const stored = {
      customer: { email: 'jane@example.com' },
      items: Array.from({ length: 103 }, () => ({ product: 'prod_guide', quantity: 1 })),
    };
    const unreadable = readUnreadableDraft(stored);
    fake.drafts.push({
      id: 1,
      status: 'refused',
      request: null,
      unreadable,
      reason: 'This draft could not be read back. Discard it and make the link again.',
      link: null,
      createdAt: at,
      updatedAt: at,
    });
    const p = await openLinksScreen(pages, fake, { viewport: { width: 1280, height: 800 } });

    const row = p.getByRole('region', { name: 'Drafts' }).getByRole('listitem');
    await row.getByRole('heading', { name: 'jane@example.com' }).waitFor();
    const text = (await row.textContent()) ?? '';
    expect(text).toContain(unreadable.reason);
    expect(text).toContain('limited to 100 products');
    expect(text).toContain('and 3 more');
    expect(text).not.toContain('Quaderno refused it');
    expect(
      await row.getByRole('button', { name: 'Discard the draft for jane@example.com' }).count(),
    ).toBe(1);
  });
});
