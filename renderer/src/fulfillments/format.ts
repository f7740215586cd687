import { formatMoney } from '../../../preload/money';
import { productLine, type Fulfillment, type FulfillmentSource } from '../../../preload/contract';

// How the console learned of the sale, in a merchant's words (issue 17: not "Webhook").
const sourceLabels: Record<FulfillmentSource, string> = {
  webhook: 'Arrived live',
  sync: 'Found on catch-up',
  api_confirmed: 'Confirmed with Quaderno',
};

export function sourceLabel(source: FulfillmentSource): string {
  return sourceLabels[source];
}

/** "3 × Consulting Hour, Stock Photo Pack": the quantity wherever a sale's products are shown. */
export function productsLabel(f: Pick<Fulfillment, 'products' | 'description'>): string {
  const names = f.products.map(productLine).filter(Boolean);
  if (names.length > 0) return names.join(', ');
  return f.description ?? '—';
}

export function amountLabel(f: Pick<Fulfillment, 'amount' | 'currency'>): string {
  return formatMoney(f.amount, f.currency);
}

/** "Refunded €5.00", "Refunded in full", or null for a sale nothing was refunded of. */
export function refundLabel(
  f: Pick<Fulfillment, 'amount' | 'currency' | 'refundedAmount'>,
): string | null {
  if (f.refundedAmount === undefined || f.refundedAmount <= 0) return null;
  if (f.refundedAmount >= f.amount) return 'Refunded in full';
  return `Refunded ${formatMoney(f.refundedAmount, f.currency)}`;
}

type TaxFields = Pick<Fulfillment, 'taxName' | 'taxRate'> &
  Partial<Pick<Fulfillment, 'amountSource' | 'taxIncluded'>>;

/**
 * An amount read from the session's items (sync, API confirmation) may leave tax out: Quaderno
 * products default to tax excluded. The webhook's amount (tax included) replaces it.
 */
export function isBeforeTax(f: Partial<Pick<Fulfillment, 'amountSource' | 'taxIncluded'>>) {
  return f.amountSource === 'session_items' && f.taxIncluded !== true;
}

export const BEFORE_TAX_HINT =
  "From the checkout's items: Quaderno may add tax at payment. The webhook's amount, tax included, replaces it when it arrives.";

export function taxLabel(f: TaxFields): string {
  const rate = f.taxRate === null ? '' : `${f.taxRate}%`;
  const tax = [f.taxName, rate].filter(Boolean).join(' ');
  if (isBeforeTax(f)) return tax ? `${tax}, before tax` : 'Before tax';
  return tax || 'No tax';
}

/** A `<input type="date">` value as the start of that local day, ISO in UTC. */
export function dayStart(date: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return undefined;
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d).toISOString();
}

/** The end of that local day (the start of the next), so the range includes the whole day. */
export function dayEnd(date: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return undefined;
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d + 1).toISOString();
}

export function utcOffsetMinutes(): number {
  return -new Date().getTimezoneOffset();
}
