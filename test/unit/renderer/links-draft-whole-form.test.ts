// Review R12: the link form says every problem at once (MEDIUM 5), a price typed for a product
// whose currency Quaderno has not said is read with the currency the merchant names (MEDIUM 2),
// and "New link like this" starts from a link's customer and items (MEDIUM 9).
import { describe, expect, it } from 'vitest';
import type { Product } from '../../../preload/contract';
import { draftLike, emptyDraft, toCreateInput } from '../../../renderer/src/links/link-draft';
import { linkFixture } from '../../support/link-fixture';
import { products, settings } from './links-fake-console';

const byCode = (code: string): Product | undefined => products.find((p) => p.code === code);
const withUnknown = (code: string): Product | undefined =>
  code === 'prod_nocurrency'
    ? { ...byCode('prod_course')!, code, unitAmount: 220000, currency: null }
    : byCode(code);

describe('the whole form checked before it is sent', () => {
  it('names every field at once: email, quantity, price and country', () => {
    const draft = emptyDraft(settings);
    draft.customer.email = 'maria';
    draft.customer.billingCountry = 'Sp';
    draft.items = [
      { key: 1, product: 'prod_course', quantity: '0', price: '' },
      { key: 2, product: 'prod_guide', quantity: '1', price: 'abc' },
    ];
    expect(toCreateInput(draft, byCode)).toEqual({
      ok: false,
      fields: {
        'customer.email': 'Enter a valid email address, like jane@example.com.',
        'customer.billingCountry': 'SP is not a country code. Spain is ES.',
        'items.0.quantity': 'Quantity must be a whole number of 1 or more.',
        'items.1.unitAmount': 'Enter a price like 12.50.',
      },
    });
  });

  it('says a price is no price before anything about its currency', () => {
    const draft = emptyDraft(undefined);
    draft.customer.email = 'ana@example.com';
    draft.items = [{ key: 1, product: 'prod_nocurrency', quantity: '1', price: 'abc' }];
    expect(toCreateInput(draft, withUnknown)).toEqual({
      ok: false,
      fields: { 'items.0.unitAmount': 'Enter a price like 12.50.' },
    });
  });
});

describe('a price for a product whose currency Quaderno has not said', () => {
  it('asks which currency the price is in', () => {
    const draft = emptyDraft(undefined);
    draft.customer.email = 'ana@example.com';
    draft.items = [{ key: 1, product: 'prod_nocurrency', quantity: '1', price: '49' }];
    expect(toCreateInput(draft, withUnknown)).toEqual({
      ok: false,
      fields: {
        'items.0.currency':
          'Quaderno has not said which currency this product is priced in. Enter the currency of your price, like EUR.',
      },
    });
  });

  it('sends the price in the currency named, and refuses one that is no currency', () => {
    const draft = emptyDraft(undefined);
    draft.customer.email = 'ana@example.com';
    draft.items = [
      { key: 1, product: 'prod_nocurrency', quantity: '1', price: '2000', currency: ' jpy' },
      { key: 2, product: 'prod_nocurrency', quantity: '2', price: '4.5', currency: 'XYZ' },
    ];
    expect(toCreateInput(draft, withUnknown)).toEqual({
      ok: false,
      fields: { 'items.1.currency': 'XYZ is not a currency code. Use one like EUR, USD or JPY.' },
    });
    draft.items[1]!.currency = 'eur';
    const converted = toCreateInput(draft, withUnknown);
    expect(converted.ok && converted.input.items).toEqual([
      { product: 'prod_nocurrency', quantity: 1, unitAmount: 2000, currency: 'JPY' },
      { product: 'prod_nocurrency', quantity: 2, unitAmount: 450, currency: 'EUR' },
    ]);
  });
});

describe('New link like this', () => {
  it('starts from the link’s customer and items, with today’s defaults', () => {
    const link = linkFixture({
      status: 'failed',
      customer: {
        email: 'ana@example.com',
        firstName: 'Ana',
        lastName: 'Ruiz',
        company: null,
        billingCountry: 'ES',
      },
      items: [
        { product: 'prod_course', name: 'Course', quantity: 2, unitAmount: 4900, currency: 'EUR' },
        { product: 'prod_guide', name: 'Guide', quantity: 1, unitAmount: 1000, currency: 'EUR' },
      ],
    });
    const draft = draftLike(link, settings, byCode);
    expect(draft.customer).toEqual({
      email: 'ana@example.com',
      firstName: 'Ana',
      lastName: 'Ruiz',
      company: '',
      billingCountry: 'ES',
    });
    expect(draft.items.map(({ product, quantity, price }) => [product, quantity, price])).toEqual([
      ['prod_course', '2', ''],
      ['prod_guide', '1', '10.00'],
    ]);
    expect(draft.options).toMatchObject({ successUrl: settings.successUrl });
    const converted = toCreateInput(draft, byCode);
    expect(converted.ok).toBe(true);
  });
});
