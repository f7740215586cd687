// What the console sends Quaderno for a link: the merchant's choices over the Settings defaults.
import { z } from 'zod';
import type { Settings } from '../../preload/contract';
import type { SessionCreateInput } from '../quaderno';
import { FINGERPRINT_KEY, REQUEST_KEY } from '../quaderno';
import { requestAmount, type RequestAmountUnits } from './amounts';
import type { ResolvedItem } from './catalogue';
import type { FingerprintItem } from './fingerprint';

export interface CustomerInput {
  email: string;
  firstName?: string | undefined;
  lastName?: string | undefined;
  company?: string | undefined;
  billingCountry?: string | undefined;
}

export interface LinkOptions {
  successUrl?: string | undefined;
  cancelUrl?: string | undefined;
  locale?: SessionCreateInput['locale'];
  paymentMethods?: Array<'card' | 'paypal'> | undefined;
  billingDetailsCollection?: 'auto' | 'required' | undefined;
  couponCollection?: boolean | undefined;
}

const locale = z.enum(['auto', 'ca', 'de', 'en', 'es', 'fi', 'fr', 'hu', 'nl', 'sv', 'no']);

export function customerBody(c: CustomerInput): NonNullable<SessionCreateInput['customer']> {
  const body: NonNullable<SessionCreateInput['customer']> = { email: c.email.trim() };
  if (c.firstName) body.first_name = c.firstName;
  if (c.lastName) body.last_name = c.lastName;
  if (c.company) body.company = c.company;
  if (c.billingCountry) body.billing_country = c.billingCountry.toUpperCase();
  return body;
}

export function itemsBody(
  items: readonly FingerprintItem[],
  units: RequestAmountUnits = 'minor',
): SessionCreateInput['items'] {
  return items.map((item) => {
    const body: SessionCreateInput['items'][number] = {
      product: item.product,
      quantity: item.quantity,
    };
    if (item.unitAmount !== undefined)
      // A product whose currency is not known yet keeps its price in hundredths (main/products).
      body.amount = requestAmount(item.unitAmount, item.currency ?? 'EUR', units);
    // Left out while unknown, so Quaderno charges the account's own currency.
    if (item.currency) body.currency = item.currency;
    return body;
  });
}

export function sessionRequest(
  input: { customer: CustomerInput; requestId?: string | undefined } & LinkOptions,
  items: readonly ResolvedItem[],
  defaults: Settings,
  fingerprint: string,
  units: RequestAmountUnits = 'minor',
): SessionCreateInput {
  return {
    items: itemsBody(items, units),
    success_url: input.successUrl ?? defaults.successUrl,
    cancel_url: input.cancelUrl ?? defaults.cancelUrl,
    customer: customerBody(input.customer),
    payment_methods: input.paymentMethods ?? defaults.paymentMethods,
    locale: input.locale ?? locale.catch('auto').parse(defaults.locale),
    billing_details_collection: input.billingDetailsCollection ?? defaults.billingDetailsCollection,
    coupon_collection: input.couponCollection ?? defaults.couponCollection,
    metadata: {
      [FINGERPRINT_KEY]: fingerprint,
      ...(input.requestId ? { [REQUEST_KEY]: input.requestId } : {}),
    },
  };
}
