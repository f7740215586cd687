// links.create and links.update refuse inputs no merchant types (a 5 MB email, 200,000 items)
// with a message that says the limit, and take everything up to it.
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { linkCreateInput, linkUpdateInput } from '../../../preload/contract-links';

const customer = { email: 'jane@example.com' };
const item = { product: 'ebook' };
const valid = { customer, items: [item] };

/** The messages the input is refused with, by path. */
function refusals(input: unknown, schema: z.ZodType = linkCreateInput): Record<string, string> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return {};
  return Object.fromEntries(parsed.error.issues.map((i) => [i.path.join('.'), i.message]));
}

/** An address of `length` characters that is otherwise valid. */
function emailOf(length: number): string {
  const domain = '@example.com';
  return 'a'.repeat(length - domain.length) + domain;
}

function urlOf(length: number): string {
  const base = 'https://shop.example/thanks?x=';
  return base + 'a'.repeat(length - base.length);
}

describe('the bounds on a checkout link request', () => {
  it('refuses a 5 MB email address, saying at most 254 characters', () => {
    expect(refusals({ ...valid, customer: { email: emailOf(5_000_000) } })).toEqual({
      'customer.email': 'An email address can be at most 254 characters long.',
    });
  });

  it('takes an email address of exactly 254 characters', () => {
    expect(refusals({ ...valid, customer: { email: emailOf(254) } })).toEqual({});
  });

  it('refuses 200,000 items, saying a link holds at most 100 products', () => {
    const many = Array.from({ length: 200_000 }, () => item);
    expect(refusals({ ...valid, items: many })).toEqual({
      items: 'A link can hold at most 100 products.',
    });
    expect(refusals({ id: 1, items: many }, linkUpdateInput)).toEqual({
      items: 'A link can hold at most 100 products.',
    });
  });

  it('takes 100 items', () => {
    expect(refusals({ ...valid, items: Array.from({ length: 100 }, () => item) })).toEqual({});
  });

  it('refuses a 5 MB success or cancel URL, saying at most 2048 characters', () => {
    expect(refusals({ ...valid, successUrl: urlOf(5_000_000), cancelUrl: urlOf(2049) })).toEqual({
      successUrl: 'The success URL can be at most 2048 characters long.',
      cancelUrl: 'The cancel URL can be at most 2048 characters long.',
    });
  });

  it('takes URLs of 2048 characters and still refuses one that is not http(s)', () => {
    expect(refusals({ ...valid, successUrl: urlOf(2048), cancelUrl: urlOf(2048) })).toEqual({});
    expect(refusals({ ...valid, successUrl: 'javascript:alert(1)' })).toEqual({
      successUrl: 'Use an http(s) URL.',
    });
  });

  it("refuses long names and product codes, each saying its limit (names in zod's words, which the CLI reads)", () => {
    const long = 'x'.repeat(5_000_000);
    expect(
      refusals({
        customer: { ...customer, firstName: long, lastName: long, company: long },
        items: [{ product: long }],
      }),
    ).toEqual({
      'customer.firstName': expect.stringContaining('<=100'),
      'customer.lastName': expect.stringContaining('<=100'),
      'customer.company': expect.stringContaining('<=200'),
      'items.0.product': 'A product code can be at most 200 characters long.',
    });
  });

  it('refuses a payment method list longer than the two methods there are', () => {
    const methods = Array.from({ length: 200_000 }, () => 'card');
    expect(refusals({ ...valid, paymentMethods: methods })).toEqual({
      paymentMethods: 'List each payment method once: card, paypal.',
    });
  });

  it('refuses a payment method listed twice, saying to list each once, on create and update', () => {
    const twice = ['card', 'card'];
    expect(refusals({ ...valid, paymentMethods: twice })).toEqual({
      paymentMethods: 'List each payment method once: card, paypal.',
    });
    expect(refusals({ id: 1, paymentMethods: twice }, linkUpdateInput)).toEqual({
      paymentMethods: 'List each payment method once: card, paypal.',
    });
  });

  it('takes card and paypal together, in either order', () => {
    expect(refusals({ ...valid, paymentMethods: ['card', 'paypal'] })).toEqual({});
    expect(refusals({ ...valid, paymentMethods: ['paypal', 'card'] })).toEqual({});
  });
});
