// The activity log's sentences, in the merchant's words (issue 17): who, how much, what. Ids
// (sessions, events) stay in each line's detail for the event dialog, never in the sentence.
import { productLine } from '../../preload/contract-live';
import { customerDisplayName } from '../../preload/customer-name';
import { formatMoney } from '../../preload/money';

export interface SaleWords {
  customerName: string | null;
  customerEmail: string | null;
  amount: number;
  currency: string;
  products: ReadonlyArray<{ name: string | null; code: string; quantity?: number | null }>;
  description?: string | null;
}

/** "Ann Lee", else "ann@example.com", else "A customer". */
export function customerWords(name: string | null | undefined, email: string | null | undefined) {
  return name?.trim() || email?.trim() || 'A customer';
}

/** "3 × Consulting Hour, Stock Photo Pack", or the sale's description when no product is named. */
export function productWords(
  products: SaleWords['products'],
  description?: string | null,
): string | null {
  const names = products.map(productLine).filter(Boolean);
  return names.length > 0 ? names.join(', ') : description?.trim() || null;
}

const withProducts = (line: string, what: string | null) => (what ? `${line} — ${what}` : line);

/** "Ann Lee paid $360.00 — 3 × Consulting Hour". */
export function salePaidLine(s: SaleWords): string {
  const who = customerWords(s.customerName, s.customerEmail);
  const paid = `${who} paid ${formatMoney(s.amount, s.currency)}`;
  return withProducts(paid, productWords(s.products, s.description));
}

/** A later report of a sale already recorded (the webhook after sync, say). */
export function saleUpdatedLine(s: SaleWords): string {
  const who = customerWords(s.customerName, s.customerEmail);
  const line = `${who}’s payment of ${formatMoney(s.amount, s.currency)} updated with Quaderno’s details`;
  return withProducts(line, productWords(s.products, s.description));
}

export interface CheckoutWords {
  customerName: string | null;
  customerEmail: string | null;
  products: SaleWords['products'];
  /** The payment provider's reason, for a failed payment. */
  reason?: string | null;
}

/** "Payment failed for Ann Lee — 3 × Consulting Hour: Insufficient funds". */
export function checkoutFailedLine(c: CheckoutWords): string {
  const who = customerWords(c.customerName, c.customerEmail);
  const line = withProducts(`Payment failed for ${who}`, productWords(c.products));
  return c.reason ? `${line}: ${c.reason}` : line;
}

/** "Ann Lee left the checkout without paying — 3 × Consulting Hour". */
export function checkoutAbandonedLine(c: CheckoutWords): string {
  const who = customerWords(c.customerName, c.customerEmail);
  return withProducts(`${who} left the checkout without paying`, productWords(c.products));
}

/** "Delivered to Ann Lee — 3 × Consulting Hour" / "… back in To deliver". */
export function deliveryLine(s: Omit<SaleWords, 'amount' | 'currency'>, delivered: boolean) {
  const who = customerWords(s.customerName, s.customerEmail);
  const what = productWords(s.products, s.description);
  return delivered
    ? withProducts(`Marked fulfilled: ${who}`, what)
    : withProducts(`Back in To deliver: ${who}`, what);
}

export interface LinkWords {
  customer: {
    email: string;
    firstName: string | null;
    lastName: string | null;
    company?: string | null;
  };
  items: ReadonlyArray<{ product: string; name: string; quantity: number }>;
}

/** "Link for Ann Lee created — 3 × Consulting Hour", "Link for Ann Lee cancelled". */
export function linkLine(link: LinkWords, what: 'created' | 'changed' | 'cancelled'): string {
  const who = customerWords(customerDisplayName(link.customer), link.customer.email);
  const line = `Link for ${who} ${what}`;
  if (what === 'cancelled') return line;
  return withProducts(line, productWords(link.items.map((i) => ({ ...i, code: i.product }))));
}
