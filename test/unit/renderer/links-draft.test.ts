import { describe, expect, it } from 'vitest';
import type { Product } from '../../../preload/contract';
import {
  draftFromLink,
  emptyDraft,
  formatPriceInput,
  parsePrice,
  toCreateInput,
  toUpdateInput,
} from '../../../renderer/src/links/link-draft';
import { filterProducts } from '../../../renderer/src/links/product-picker';
import { linkFixture } from '../../support/link-fixture';
import { products, settings } from './links-fake-console';

const byCode = (code: string): Product | undefined => products.find((p) => p.code === code);

describe('prices typed in the form', () => {
  it('reads a price in the minor units of its currency', () => {
    expect(parsePrice('19.99', 'EUR')).toBe(1999);
    expect(parsePrice('19,5', 'EUR')).toBe(1950);
    expect(parsePrice(' 21 ', 'USD')).toBe(2100);
    expect(parsePrice('650', 'JPY')).toBe(650);
    expect(parsePrice('1.234', 'KWD')).toBe(1234);
  });

  it('refuses what is not a price in that currency', () => {
    expect(parsePrice('6.5', 'JPY')).toBeNull();
    expect(parsePrice('1.999', 'EUR')).toBeNull();
    expect(parsePrice('-3', 'EUR')).toBeNull();
    expect(parsePrice('abc', 'EUR')).toBeNull();
    expect(parsePrice('', 'EUR')).toBeNull();
  });

  it('writes minor units back as the merchant would type them', () => {
    expect(formatPriceInput(1950, 'EUR')).toBe('19.50');
    expect(formatPriceInput(650, 'JPY')).toBe('650');
  });
});

describe('the form as a links.create input', () => {
  it('sends trimmed customer fields, omits blank ones, and carries the defaults', () => {
    const draft = emptyDraft(settings);
    draft.customer = {
      email: ' jane@example.com ',
      firstName: 'Jane',
      lastName: ' ',
      company: '',
      billingCountry: 'es',
    };
    draft.items = [{ key: 1, product: 'prod_course', quantity: '2', price: '' }];
    const converted = toCreateInput(draft, byCode);
    expect(converted).toEqual({
      ok: true,
      input: {
        customer: {
          email: 'jane@example.com',
          firstName: 'Jane',
          lastName: undefined,
          company: undefined,
          billingCountry: 'ES',
        },
        items: [{ product: 'prod_course', quantity: 2 }],
        successUrl: settings.successUrl,
        cancelUrl: settings.cancelUrl,
        locale: 'auto',
        paymentMethods: ['card'],
        billingDetailsCollection: 'auto',
        couponCollection: false,
      },
    });
  });

  it('names the item field that cannot be sent', () => {
    const draft = emptyDraft(undefined);
    draft.customer.email = 'jane@example.com';
    draft.items = [
      { key: 1, product: 'prod_guide', quantity: '', price: '' },
      { key: 2, product: 'prod_washi', quantity: '1', price: '6.5' },
      { key: 3, product: '', quantity: '1', price: '3' },
    ];
    expect(toCreateInput(draft, byCode)).toEqual({
      ok: false,
      fields: {
        'items.0.quantity': 'Quantity must be a whole number of 1 or more.',
        'items.1.unitAmount': 'Enter a price in JPY, like 500.',
        'items.2.product': 'Pick a product before changing its price.',
      },
    });
  });
});

describe('editing a link', () => {
  it('shows a price only where it differs from the catalogue', () => {
    const link = linkFixture({
      id: 7,
      permalink: 'https://acme.quadernoapp.com/checkout/session/x',
      customer: { email: 'a@b.co', lastName: 'Li' },
      items: [
        { product: 'prod_course', name: 'Course', quantity: 1, unitAmount: 4900, currency: 'EUR' },
        { product: 'prod_washi', name: 'Washi', quantity: 3, unitAmount: 450, currency: 'JPY' },
      ],
      total: 6250,
      createdAt: '2026-11-28T08:00:00.000Z',
      updatedAt: '2026-11-28T08:00:00.000Z',
    });
    const draft = draftFromLink(link, byCode);
    expect(draft.customer).toMatchObject({ email: 'a@b.co', firstName: '', lastName: 'Li' });
    expect(
      draft.items.map(({ product, quantity, price }) => ({ product, quantity, price })),
    ).toEqual([
      { product: 'prod_course', quantity: '1', price: '' },
      { product: 'prod_washi', quantity: '3', price: '450' },
    ]);
    expect(draft.options).toBeNull();
  });
});

describe('editing a link whose product is not in the synced catalogue', () => {
  const zineLink = linkFixture({
    id: 8,
    items: [{ product: 'prod_zine', name: 'Zine', quantity: 1, unitAmount: 1250, currency: 'EUR' }],
    total: 1250,
  });
  const notSynced = (code: string) =>
    `${code} is not in your synced catalogue, so its currency is not known here. Sync catalogue, or leave the price empty.`;

  it('saves with the price and currency the link has', () => {
    const draft = draftFromLink(zineLink, byCode);
    draft.items[0]!.quantity = '2';
    expect(toUpdateInput(8, draft, byCode)).toEqual({
      ok: true,
      input: {
        id: 8,
        customer: expect.objectContaining({ email: 'j@x.io' }),
        items: [{ product: 'prod_zine', quantity: 2, unitAmount: 1250, currency: 'EUR' }],
      },
    });
  });

  it('takes a new price in the link currency, and without one says to sync the catalogue', () => {
    const draft = draftFromLink(zineLink, byCode);
    draft.items[0]!.price = '9.50';
    expect(toUpdateInput(8, draft, byCode)).toMatchObject({
      ok: true,
      input: { items: [{ product: 'prod_zine', unitAmount: 950, currency: 'EUR' }] },
    });
    draft.items[0]!.currency = '';
    expect(toUpdateInput(8, draft, byCode)).toEqual({
      ok: false,
      fields: { 'items.0.product': notSynced('prod_zine') },
    });
  });
});

describe('the product search', () => {
  it('matches every typed word against name, code and description, ignoring case', () => {
    expect(filterProducts(products, 'CAFÉ').map((p) => p.code)).toEqual(['prod_guide']);
    expect(filterProducts(products, 'video course').map((p) => p.code)).toEqual(['prod_course']);
    expect(filterProducts(products, 'prod_washi').map((p) => p.code)).toEqual(['prod_washi']);
    expect(filterProducts(products, '')).toHaveLength(3);
    expect(filterProducts(products, 'nothing like this')).toEqual([]);
  });
});
