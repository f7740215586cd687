// CSV exports of fulfilments and links: ISO times, amounts as decimals next to their
// currency, one row per sale or link. Shared by the app's save dialog and the CLI.
import { productLine, type Fulfillment, type Link } from '../../preload/contract';
import type { FulfillmentFilter, Store } from '../store';
import { toCsv, type CsvCell } from './csv';
import { minorToDecimal } from './money';

export type ExportWhat = 'fulfillments' | 'links';

export interface CsvExport {
  fileName: string;
  content: string;
  rows: number;
}

const FULFILLMENT_HEADER = [
  'id',
  'received_at',
  'status',
  'fulfilled_at',
  'session_id',
  'customer_name',
  'customer_email',
  'products',
  'description',
  'amount',
  'currency',
  'amount_tax',
  'tax_name',
  'tax_rate',
  'source',
  'signature_warning',
  'transaction_id',
  'gateway',
  'permalink',
  'note',
  // Added with schema 9: last, so a sheet that reads columns by position still lines up.
  'quantities',
];

const LINK_HEADER = [
  'session_id',
  'created_at',
  'updated_at',
  'status',
  'customer_email',
  'customer_first_name',
  'customer_last_name',
  'customer_company',
  'customer_country',
  'products',
  'total',
  'currency',
  'permalink',
  'reuse_count',
];

function decimal(amount: number, currency: string | null): string {
  if (!currency) return String(amount);
  try {
    return minorToDecimal(amount, currency);
  } catch {
    return String(amount); // an odd currency code must not lose the whole export
  }
}

// Sync and API confirmations record the session's item sum, which may leave tax out
// (docs/quaderno-api.md, "Taxes"); a spreadsheet must not add it up with taxed amounts unseen.
function amountTax(s: Pick<Fulfillment, 'amountSource' | 'taxIncluded'>): string {
  if (s.taxIncluded === true) return 'included';
  return s.amountSource === 'session_items' || s.taxIncluded === false ? 'before tax' : '';
}

type ExportStore = Pick<Store, 'fulfillments' | 'sessions'>;

function* fulfillmentRows(store: ExportStore, accountId: number, f: FulfillmentFilter) {
  for (const s of store.fulfillments.iterate(accountId, f)) {
    yield [
      s.id,
      s.receivedAt,
      s.status,
      s.fulfilledAt,
      s.sessionId,
      s.customerName,
      s.customerEmail,
      s.products.map(productLine).join('; '),
      s.description,
      decimal(s.amount, s.currency),
      s.currency,
      amountTax(s),
      s.taxName,
      s.taxRate,
      s.source,
      s.signatureWarning,
      s.transactionId,
      s.gateway,
      s.permalink,
      s.note,
      quantities(s.products),
    ] satisfies CsvCell[];
  }
}

// "3; 1" beside "3 × Consulting Hour; Stock Photo Pack", a number a spreadsheet can sum for a
// one-product sale; blank where nobody reported the count, rather than a made-up 1.
function quantities(products: Fulfillment['products']): string {
  return products.map((p) => (typeof p.quantity === 'number' ? String(p.quantity) : '')).join('; ');
}

function itemsText(items: Link['items']): string {
  return items.map((i) => productLine({ ...i, code: i.product })).join('; ');
}

function* linkRows(store: ExportStore, accountId: number) {
  for (const r of store.sessions.iterate(accountId)) {
    yield [
      r.id,
      r.createdAt,
      r.updatedAt,
      r.status,
      r.customer.email,
      r.customer.firstName,
      r.customer.lastName,
      r.customer.company,
      r.customer.billingCountry,
      itemsText(r.items),
      decimal(r.total, r.currency),
      r.currency,
      r.permalink,
      r.reuseCount,
    ] satisfies CsvCell[];
  }
}

export function exportCsv(
  store: ExportStore,
  accountId: number,
  what: ExportWhat,
  options: { now: Date; filter?: FulfillmentFilter },
): CsvExport {
  const day = options.now.toISOString().slice(0, 10);
  const rows: CsvCell[][] = [];
  const source =
    what === 'fulfillments'
      ? fulfillmentRows(store, accountId, options.filter ?? {})
      : linkRows(store, accountId);
  for (const row of source) rows.push(row);
  return {
    fileName: `checkout-console-${what}-${day}.csv`,
    content: toCsv(what === 'fulfillments' ? FULFILLMENT_HEADER : LINK_HEADER, rows),
    rows: rows.length,
  };
}
