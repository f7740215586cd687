// Response shapes as Quaderno sends them (docs/quaderno-api.md). Objects are loose so fields
// Quaderno adds later pass through; only what the console relies on is required.
import { z } from 'zod';

const text = z
  .string()
  .nullish()
  .transform((v) => v ?? null);
const timestamp = z.union([z.string(), z.number()]).nullish();

export const sessionStatusSchema = z.enum([
  'pending',
  'processing',
  'completed',
  'failed',
  'abandoned',
]);
export type SessionStatus = z.infer<typeof sessionStatusSchema>;

export const pingSchema = z.looseObject({ status: z.string() });

export const identitySchema = z.looseObject({
  // The reference's example sends "999", other sources an integer (docs/quaderno-api.md ›
  // Where the real service differs). It is kept as a number (the accounts table's type); an id
  // that is not one is dropped rather than refusing the key.
  id: z
    .union([z.number(), z.string()])
    .nullish()
    .transform((v) => {
      const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
      return typeof n === 'number' && Number.isSafeInteger(n) ? n : null;
    }),
  // Only the key's acceptance matters when adding an account; the rest is shown when present.
  name: text,
  email: text,
  publishable_key: text,
  // The account's own API base URL: how a key tells us which account it belongs to.
  href: text,
});
export type Identity = z.infer<typeof identitySchema>;
export const authorizationSchema = z.looseObject({ identity: identitySchema });

export const itemSchema = z.looseObject({
  id: z.number().int(),
  // Items without a code exist in Quaderno but cannot be sold through Checkout.
  code: text,
  name: z.string(),
  // Recorded items carry no description, currency or kind (docs/quaderno-api.md › Where the
  // real service differs): each is optional, and null when absent.
  description: text,
  // A decimal string in major units ("21.0"); numbers are tolerated and kept as text.
  unit_cost: z.union([z.string(), z.number()]).transform((v) => String(v)),
  currency: z
    .string()
    .nullish()
    .transform((v) => (v ? v.toUpperCase() : null)),
  // Any other kind a newer version may add is read as one-off rather than refused.
  kind: z
    .string()
    .nullish()
    .transform((v) => (v === 'subscription' ? 'subscription' : v ? 'one_off' : null)),
});
export type QuadernoItem = z.infer<typeof itemSchema>;

export const sessionItemSchema = z.looseObject({
  product: z.string(),
  quantity: z.number().nullish(),
  // Cents (hundredths of the major unit), as Quaderno sends them: 2100.0 is 21.00.
  amount: z.number().nullish(),
  currency: text,
  name: text,
  description: text,
});

export const sessionCustomerSchema = z.looseObject({
  first_name: text,
  last_name: text,
  email: text,
  company: text,
  tax_id: text,
  business_number: text,
  contact: z.union([z.number(), z.string()]).nullish(),
  billing_street_line_1: text,
  billing_street_line_2: text,
  billing_city: text,
  billing_postal_code: text,
  billing_country: text,
});

export const sessionSchema = z.looseObject({
  id: z.number().int(),
  status: sessionStatusSchema,
  permalink: z.string(),
  items: z.array(sessionItemSchema),
  customer: sessionCustomerSchema.nullish(),
  success_url: text,
  cancel_url: text,
  payment_methods: z.array(z.string()).nullish(),
  locale: text,
  billing_details_collection: text,
  coupon_collection: z.boolean().nullish(),
  metadata: z.record(z.string(), z.unknown()).nullish(),
  custom: z.record(z.string(), z.unknown()).nullish(),
  created_at: timestamp,
  updated_at: timestamp,
});
export type QuadernoSession = z.infer<typeof sessionSchema>;

export const webhookSchema = z.looseObject({
  id: z.number().int(),
  url: z.string(),
  auth_key: z.string(),
  events_types: z.array(z.string()),
  last_sent_at: timestamp,
  last_error: text,
  events_sent: z.number().nullish(),
  created_at: timestamp,
  updated_at: timestamp,
});
export type QuadernoWebhook = z.infer<typeof webhookSchema>;

/** What the console may send when creating or updating a session; the API is the validator. */
export const sessionCreateInputSchema = z.object({
  items: z.array(
    z.object({
      product: z.string(),
      quantity: z.number().int().min(1).optional(),
      amount: z.number().optional(),
      currency: z.string().optional(),
      name: z.string().optional(),
      description: z.string().optional(),
    }),
  ),
  success_url: z.string(),
  cancel_url: z.string(),
  customer: z
    .object({
      first_name: z.string().optional(),
      last_name: z.string().optional(),
      email: z.string().optional(),
      company: z.string().optional(),
      tax_id: z.string().optional(),
      contact: z.number().int().optional(),
      billing_street_line_1: z.string().optional(),
      billing_street_line_2: z.string().optional(),
      billing_city: z.string().optional(),
      billing_postal_code: z.string().optional(),
      billing_country: z.string().optional(),
    })
    .optional(),
  billing_details_collection: z.enum(['auto', 'required']).optional(),
  coupon_collection: z.boolean().optional(),
  payment_methods: z.array(z.enum(['card', 'paypal'])).optional(),
  locale: z.enum(['auto', 'ca', 'de', 'en', 'es', 'fi', 'fr', 'hu', 'nl', 'sv', 'no']).optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
  custom: z.record(z.string(), z.unknown()).optional(),
});
export type SessionCreateInput = z.infer<typeof sessionCreateInputSchema>;

export const webhookInputSchema = z.object({
  url: z.string(),
  events_types: z.array(z.string()),
});
export type WebhookInput = z.infer<typeof webhookInputSchema>;
