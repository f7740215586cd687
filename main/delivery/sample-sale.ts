// The made-up sale a rule's preview and "send a test to me" fill the email with, so the merchant
// sees every placeholder filled before a real customer does. Its values say they are samples.
import { randomUUID } from 'node:crypto';
import type { DeliveryRule } from '../../preload/contract-delivery';
import type { DeliveryPayload } from './types';

export interface SampleSaleOptions {
  /** The product's name in the catalogue, when the rule names a product the console knows. */
  productName?: string | null;
  /** The currency the merchant sells in; EUR when unknown. */
  currency?: string;
  now?: Date;
}

export function sampleSale(
  rule: Pick<DeliveryRule, 'id' | 'name' | 'productCode' | 'useLicenceKeys'>,
  options: SampleSaleOptions = {},
): DeliveryPayload {
  const code = rule.productCode ?? 'SAMPLE';
  const now = (options.now ?? new Date()).toISOString();
  return {
    type: 'sale.delivery',
    // A test email is a new message each time, never mistaken for a customer's.
    idempotencyKey: `sample-${rule.id}-${randomUUID()}`,
    rule: { id: rule.id, name: rule.name },
    sale: {
      id: 0,
      sessionId: 1000001,
      permalink: null,
      customerEmail: 'ann.lee@example.com',
      customerName: 'Ann Lee',
      products: [
        { code, name: options.productName ?? 'Sample product', quantity: 1, unitAmount: 2900 },
      ],
      amount: 2900,
      currency: options.currency ?? 'EUR',
      transactionId: null,
      receivedAt: now,
    },
    licenceKeys: rule.useLicenceKeys ? [{ productCode: code, key: 'SAMPLE-KEY-0000-0000' }] : [],
    sentAt: now,
  };
}
