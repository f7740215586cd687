// A draft saved before links were limited (948ec7b: email 254, 100 products, codes 200, URLs
// 2048) no longer reads as a request: the console refuses it itself, Quaderno never sees it, and
// its row still says whose it was and which limit it breaks, with what to do.
import { describe, expect, it } from 'vitest';
import { createDraftRunner, readUnreadableDraft } from '../../../main/links/drafts';
import type { LinkCreateRequest } from '../../../preload/contract';
import { useTempDir } from '../../support/temp-dir';
import { useStoreWithAccount } from '../../support/test-store';

const t = useStoreWithAccount(useTempDir('cc-draft-limits-'));

const jane = { email: 'jane@example.com' };
const ebook = { product: 'ebook', quantity: 1 };
const many = (n: number) => Array.from({ length: n }, () => ebook);

describe('a draft saved before the link limits that breaks one', () => {
  it('is refused by the console without a call to Quaderno, in words that do not blame Quaderno', async () => {
    let asked = 0;
    const drafts = createDraftRunner({
      store: t.store,
      activeAccountId: () => t.accountId,
      create: () => {
        asked += 1;
        return Promise.reject(new Error('Quaderno must not be asked'));
      },
      onCreated: () => undefined,
    });
    // The store keeps what it is given: an older console took 101 products.
    const old: LinkCreateRequest = { customer: jane, items: many(101), forceNew: false };
    drafts.save(t.accountId, old);
    await drafts.run();

    const [draft] = drafts.list();
    expect(asked).toBe(0);
    expect(draft).toMatchObject({ status: 'refused', request: null });
    expect(draft?.unreadable?.reason).toMatch(/limited to 100 products/);
    expect(draft?.unreadable?.reason).toMatch(/discard it and create the link again/i);
    expect(draft?.unreadable?.reason).not.toMatch(/Quaderno/);
    // Read loosely from what the store kept: the row still says whose link it was.
    expect(draft?.unreadable?.email).toBe('jane@example.com');
    drafts.close();
  });
});

describe('what an unreadable stored draft still shows', () => {
  it('names the 100-product limit and keeps the email and the first 100 products', () => {
    const shown = readUnreadableDraft({ customer: jane, items: many(250) });
    expect(shown.email).toBe('jane@example.com');
    expect(shown.items).toHaveLength(100);
    expect(shown.moreItems).toBe(150);
    expect(shown.reason).toBe(
      'It was saved before a link was limited to 100 products: discard it and create the link ' +
        'again with fewer products, or split them across links.',
    );
  });

  it('names the email limit for an address over 254 characters, and shows it cut short', () => {
    const long = `${'a'.repeat(300)}@example.com`;
    const shown = readUnreadableDraft({ customer: { email: long }, items: [ebook] });
    expect(shown.email).toBe(`${long.slice(0, 254)}…`);
    expect(shown.reason).toMatch(/^It was saved before email addresses were limited to 254 /);
  });

  it('names the product code limit for a code over 200 characters', () => {
    const shown = readUnreadableDraft({ customer: jane, items: [{ product: 'x'.repeat(201) }] });
    expect(shown.reason).toMatch(/^It was saved before product codes were limited to 200 /);
    expect(shown.items[0]?.product).toHaveLength(201);
  });

  it('names the URL limit for a success URL over 2048 characters', () => {
    const url = `https://shop.example/thanks?x=${'a'.repeat(2048)}`;
    const shown = readUnreadableDraft({ customer: jane, items: [ebook], successUrl: url });
    expect(shown.reason).toMatch(
      /^It was saved before success and cancel URLs were limited to 2048 /,
    );
  });

  it('names the payment methods listed twice', () => {
    const twice = { customer: jane, items: [ebook], paymentMethods: ['card', 'card'] };
    expect(readUnreadableDraft(twice).reason).toMatch(
      /each payment method could be listed only once/,
    );
  });

  it('says it could not be read back when nothing in it reads, and shows no email', () => {
    expect(readUnreadableDraft('not a request')).toEqual({
      email: null,
      items: [],
      moreItems: 0,
      reason: 'This draft could not be read back. Discard it and create the link again.',
    });
  });
});
