// The pure parts of links: fingerprint, field mapping, amounts, email text, normalisation.
import { describe, expect, it } from 'vitest';
import { ConsoleError } from '../../../main/errors';
import { toQuadernoCents } from '../../../main/links/amounts';
import { emailText } from '../../../main/links/email-text';
import { purchaseFingerprint } from '../../../main/links/fingerprint';
import { contractField, mapQuadernoRefusal } from '../../../main/links/quaderno-fields';
import { parseItem } from '../../../main/commands/links';
import { normalizeSession } from '../../../main/quaderno';
import { sessionSchema } from '../../../main/quaderno';
import { linkFixture } from '../../support/link-fixture';

const item = (product: string, quantity = 1, unitAmount?: number) => ({
  product,
  quantity,
  unitAmount,
  currency: 'EUR',
});

describe('purchaseFingerprint', () => {
  it('ignores case and spaces in the email and the order of items', () => {
    expect(purchaseFingerprint(' Jane@Example.COM ', [item('a'), item('b', 2)])).toBe(
      purchaseFingerprint('jane@example.com', [item('b', 2), item('a')]),
    );
  });

  it('differs for another quantity, price, currency or customer', () => {
    const base = purchaseFingerprint('jane@example.com', [item('a')]);
    expect(purchaseFingerprint('jane@example.com', [item('a', 2)])).not.toBe(base);
    expect(purchaseFingerprint('jane@example.com', [item('a', 1, 999)])).not.toBe(base);
    expect(purchaseFingerprint('jane@example.com', [{ ...item('a'), currency: 'USD' }])).not.toBe(
      base,
    );
    expect(purchaseFingerprint('john@example.com', [item('a')])).not.toBe(base);
  });
});

describe("Quaderno's 422 fields", () => {
  it.each([
    ['customer.email', 'customer.email'],
    ['customer.billing_country', 'customer.billingCountry'],
    ['items[0].product', 'items.0.product'],
    ['items[2].amount', 'items.2.unitAmount'],
    ['items', 'items'],
    ['success_url', 'successUrl'],
    ['payment_methods[1]', 'paymentMethods'],
    ['status', '_'],
  ])('puts %s on %s', (quaderno, contract) => {
    expect(contractField(quaderno)).toBe(contract);
  });

  it('keeps the message and code, with a per-field sentence', () => {
    const e = new ConsoleError('invalid_input', 'Quaderno did not accept …', {
      fields: { 'customer.email': 'is invalid' },
    });
    const mapped = mapQuadernoRefusal(e) as ConsoleError;
    expect(mapped.code).toBe('invalid_input');
    expect(mapped.fields).toEqual({ 'customer.email': 'Quaderno says it is invalid.' });
  });
});

describe('amounts', () => {
  it('sends Quaderno hundredths of the major unit for every currency', () => {
    expect(toQuadernoCents(2100, 'EUR')).toBe(2100);
    expect(toQuadernoCents(500, 'JPY')).toBe(50000);
    expect(toQuadernoCents(1250, 'KWD')).toBe(125);
  });

  it('reads yen amounts from a Quaderno session as whole yen', () => {
    const s = sessionSchema.parse({
      id: 7,
      status: 'pending',
      permalink: 'https://acme.quadernoapp.com/checkout/session/abc',
      items: [{ product: 'p', quantity: 3, amount: 50000.0, currency: 'JPY', name: null }],
      customer: { email: null, first_name: 'Jane' },
      metadata: { console_fingerprint: 'fp' },
      created_at: '2026-11-28T08:00:00Z',
    });
    const n = normalizeSession(s, () => ({ name: 'Course' }));
    expect(n).toMatchObject({
      total: 1500,
      currency: 'JPY',
      fingerprint: 'fp',
      createdAt: '2026-11-28T08:00:00.000Z',
      customer: { email: '', firstName: 'Jane', lastName: null },
      items: [{ product: 'p', name: 'Course', quantity: 3, unitAmount: 500 }],
    });
  });
});

describe('a session whose items mix currencies', () => {
  it('is refused with both currencies named, never totalled as one', () => {
    const s = sessionSchema.parse({
      id: 8,
      status: 'completed',
      permalink: 'https://acme.quadernoapp.com/checkout/session/def',
      items: [
        { product: 'a', quantity: 1, amount: 2100.0, currency: 'EUR' },
        { product: 'b', quantity: 2, amount: 500.0, currency: 'usd' },
        { product: 'c', quantity: 1, amount: 100.0 },
      ],
    });
    expect(() => normalizeSession(s)).toThrow(
      expect.objectContaining({
        code: 'bad_response',
        message: expect.stringContaining('EUR and USD'),
      }) as Error,
    );
  });
});

describe('email text', () => {
  // No first name: the greeting falls back to "there".
  const link = linkFixture({
    items: [
      { product: 'a', name: 'Course', quantity: 1, unitAmount: 500, currency: 'JPY' },
      { product: 'b', name: 'Ebook', quantity: 2, unitAmount: 100, currency: 'JPY' },
    ],
    total: 700,
    currency: 'JPY',
  });

  it('fills every placeholder and greets a customer without a first name', () => {
    expect(emailText('Hi {firstName}, {items} for {total}: {link} {unknown}', link)).toBe(
      'Hi there, Course and 2 × Ebook for ¥700: https://x/checkout/session/abc {unknown}',
    );
  });
});

describe('CLI --item', () => {
  it('reads CODE and CODE:QTY', () => {
    expect(parseItem('prod_1')).toEqual({ product: 'prod_1', quantity: 1 });
    expect(parseItem('prod_1:3')).toEqual({ product: 'prod_1', quantity: 3 });
  });

  it('refuses a quantity that is not a whole number from 1 to 10000', () => {
    expect(() => parseItem('prod_1:x')).toThrow('a whole number from 1 to 10000, not "x"');
  });

  it.each(['0x2', '1e1', ' 3', '2.0', '0b11', '+2', ''])(
    'refuses the quantity %j, which Number() would have read as a number',
    (quantity) => {
      expect(() => parseItem(`prod_1:${quantity}`)).toThrow(
        `the quantity must be a whole number from 1 to 10000, not ${JSON.stringify(quantity)}`,
      );
    },
  );
});
