// Inputs for the sales and sessions repos that many tests build: one plain sale to vary field by
// field, and the customer a sparse report (a status-only webhook, a bare list entry) carries.
import type { NormalizedSession } from '../../main/quaderno';
import type { NewFulfillment } from '../../main/store';

/** A sale as sync records it before anything enriches it; `over` sets what the test is about. */
export function newFulfillment(over: Partial<NewFulfillment> = {}): NewFulfillment {
  return {
    sessionId: 1,
    permalink: null,
    customerEmail: 'jane@example.com',
    customerName: null,
    products: [],
    description: null,
    amount: 2100,
    currency: 'EUR',
    taxName: null,
    taxRate: null,
    transactionId: null,
    gateway: null,
    source: 'sync',
    signatureWarning: false,
    receivedAt: '2026-11-28T08:00:00.000Z',
    ...over,
  };
}

/** Nothing known about the customer: what normalizeSession makes of a report without one. */
export const UNKNOWN_CUSTOMER: NormalizedSession['customer'] = {
  email: '',
  firstName: null,
  lastName: null,
  company: null,
  billingCountry: null,
};
