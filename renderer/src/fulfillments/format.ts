import { formatMoney } from '../../../preload/money';
import { productLine, type Fulfillment, type FulfillmentSource } from '../../../preload/contract';

const sourceLabels: Record<FulfillmentSource, string> = {
  webhook: 'Webhook',
  sync: 'Sync',
  api_confirmed: 'Confirmed via API',
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

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dayFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });
const fullFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** Today's sales show their time; older ones their day and time. */
export function shortTime(iso: string, now = new Date()): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const sameDay = at.toDateString() === now.toDateString();
  return sameDay ? timeFormat.format(at) : `${dayFormat.format(at)}, ${timeFormat.format(at)}`;
}

export function fullTime(iso: string | null): string {
  if (!iso) return '—';
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? iso : fullFormat.format(at);
}

/** "12 s ago", "5 min ago", else the time: for the status strip. */
export function ago(iso: string | null, now = Date.now()): string {
  if (!iso) return 'never';
  const at = new Date(iso).getTime();
  if (Number.isNaN(at)) return iso;
  const seconds = Math.max(0, Math.round((now - at) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  return shortTime(iso, new Date(now));
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
