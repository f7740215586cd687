// A sale as the contract hands it to main/os and the page (Fulfillment), for tests that fake the
// console's answers: a new €15.00 webhook sale; `over` sets what the test is about.
import type { Fulfillment } from '../../preload/contract';

export function saleFixture(over: Partial<Fulfillment> = {}): Fulfillment {
  return {
    id: 1,
    sessionId: 501,
    permalink: null,
    customerEmail: 'john@doe.com',
    customerName: null,
    products: [],
    description: null,
    amount: 1500,
    currency: 'EUR',
    amountSource: 'webhook',
    taxIncluded: true,
    taxName: null,
    taxRate: null,
    transactionId: null,
    gateway: null,
    source: 'webhook',
    signatureWarning: false,
    status: 'new',
    receivedAt: '2026-11-28T11:59:00.000Z',
    fulfilledAt: null,
    note: null,
    eventId: null,
    ...over,
  };
}
