// Rules and sales for the delivery tests: an email rule to vary, a sale of given product codes
// recorded through `fulfillments.record` (the path that writes the outbox), a mail server.
import type { NewRule } from '../../main/delivery/types';
import type { SmtpSettings } from '../../preload/contract-delivery';
import type { Store } from '../../main/store';
import { newFulfillment } from './sale-fixtures';

/** A mail server on this computer without TLS, as the SMTP tests save it (no password). */
export const LOOPBACK_SMTP: Omit<SmtpSettings, 'hasPassword'> = {
  host: '127.0.0.1',
  port: 2525,
  security: 'none',
  user: 'shop',
  from: 'shop@example.com',
};

/** An enabled email rule for every sale; `over` sets what the test is about. */
export function emailRule(over: Partial<NewRule> = {}): NewRule {
  return {
    name: 'Ebook email',
    productCode: null,
    action: { kind: 'email', subject: 'Your {product}', body: 'Hi {firstName}', downloadUrl: null },
    enabled: true,
    useLicenceKeys: false,
    ...over,
  };
}

/** Records sale `sessionId` of `codes` (one unit each) and returns what `record` said. */
export function recordSale(
  store: Store,
  accountId: number,
  sessionId: number,
  codes: string[] = ['ebook'],
) {
  const products = codes.map((code) => ({ code, name: code, quantity: 1, unitAmount: 1000 }));
  return store.fulfillments.record(accountId, newFulfillment({ sessionId, products }));
}

/** Records sales 1…count of one ebook each; their ids, in order. */
export function recordSales(store: Store, accountId: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => recordSale(store, accountId, i + 1).id);
}

/** Distinct licence keys K-0…K-(count-1). */
export const numberedKeys = (count: number): string[] =>
  Array.from({ length: count }, (_, i) => `K-${i}`);
