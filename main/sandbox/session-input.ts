import { z } from 'zod';

// Validation messages follow the Rails wording Quaderno's 422 bodies use.
const BLANK = "can't be blank";
const NOT_IN_LIST = 'is not included in the list';

export const LOCALES = [
  'auto',
  'ca',
  'de',
  'en',
  'es',
  'fi',
  'fr',
  'hu',
  'nl',
  'sv',
  'no',
] as const;
export const PAYMENT_METHODS = ['card', 'paypal'] as const;

const blankOr =
  (expected: string) =>
  (issue: { input?: unknown }): string =>
    issue.input === undefined || issue.input === null ? BLANK : `must be ${expected}`;

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

const optionalText = z.string({ error: 'must be a string' }).nullish();
const requiredUrl = z
  .string({ error: blankOr('a URL') })
  .min(1, BLANK)
  .refine(isHttpUrl, 'is not a valid URL');

const itemInput = z.object(
  {
    product: z.string({ error: blankOr('a product code') }).min(1, BLANK),
    quantity: z
      .number({ error: 'must be an integer' })
      .int('must be an integer')
      .min(1, 'must be greater than or equal to 1')
      .nullish(),
    // Cents, like every amount Quaderno returns for a session.
    amount: z.number({ error: 'must be a number' }).positive('must be greater than 0').nullish(),
    currency: z
      .string({ error: 'must be a currency code' })
      .regex(/^[A-Za-z]{3}$/, 'is not a valid ISO 4217 currency code')
      .nullish(),
    name: optionalText,
    description: optionalText,
  },
  { error: 'must be an object' },
);

const customerInput = z.object(
  {
    first_name: optionalText,
    last_name: optionalText,
    email: z
      .string({ error: 'must be a string' })
      .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'is invalid')
      .nullish(),
    company: optionalText,
    business_number: optionalText,
    tax_id: optionalText,
    contact: z.union([z.number().int(), z.string()], { error: 'must be a contact id' }).nullish(),
    billing_street_line_1: optionalText,
    billing_street_line_2: optionalText,
    billing_city: optionalText,
    billing_postal_code: optionalText,
    billing_country: z
      .string({ error: 'must be a string' })
      .regex(/^[A-Za-z]{2}$/, 'is not a valid ISO 3166 country code')
      .nullish(),
  },
  { error: 'must be an object' },
);

const jsonObject = z.record(z.string(), z.unknown(), { error: 'must be an object' });

export const sessionCreateInput = z.object({
  items: z.array(itemInput, { error: blankOr('a list of items') }).min(1, BLANK),
  success_url: requiredUrl,
  cancel_url: requiredUrl,
  customer: customerInput.nullish(),
  billing_details_collection: z.enum(['auto', 'required'], { error: NOT_IN_LIST }).nullish(),
  coupon_collection: z.boolean({ error: 'must be true or false' }).nullish(),
  payment_methods: z
    .array(z.enum(PAYMENT_METHODS, { error: NOT_IN_LIST }), { error: 'must be a list' })
    .min(1, BLANK)
    .nullish(),
  locale: z.enum(LOCALES, { error: NOT_IN_LIST }).nullish(),
  metadata: jsonObject.nullish(),
  custom: jsonObject.nullish(),
});

/** PUT takes any subset; a field that is sent is validated exactly as on create. */
export const sessionUpdateInput = sessionCreateInput.partial();

export type SessionCreateInput = z.infer<typeof sessionCreateInput>;
export type SessionUpdateInput = z.infer<typeof sessionUpdateInput>;
export type ItemInput = z.infer<typeof itemInput>;
export type CustomerInput = z.infer<typeof customerInput>;
