// CSV exports of fulfilments and links: ISO times, amounts as decimals next to their
// currency, one row per sale or link. Shared by the app's save dialog and the CLI.
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import type { Fulfillment } from '../../preload/contract';
import { toCsv, type CsvCell } from './csv';
import { iterateFulfillments, type FulfillmentFilter } from './fulfillment-rows';
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

function* fulfillmentRows(db: Database, accountId: number, f: FulfillmentFilter) {
  for (const s of iterateFulfillments(db, accountId, f)) {
    const products = s.products.map((p) => p.name ?? p.code).join('; ');
    yield [
      s.id,
      s.receivedAt,
      s.status,
      s.fulfilledAt,
      s.sessionId,
      s.customerName,
      s.customerEmail,
      products,
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
    ] satisfies CsvCell[];
  }
}

const linkItems = z.array(
  z
    .object({
      product: z.string().optional(),
      name: z.string().nullable().optional(),
      quantity: z.number().optional(),
    })
    .loose(),
);

function itemsText(json: string): string {
  try {
    const parsed = linkItems.safeParse(JSON.parse(json));
    if (!parsed.success) return '';
    return parsed.data
      .map((i) => {
        const name = i.name ?? i.product ?? '?';
        return i.quantity && i.quantity > 1 ? `${i.quantity} × ${name}` : name;
      })
      .join('; ');
  } catch {
    return '';
  }
}

const sessionRow = z.object({
  id: z.number(),
  created_at: z.string(),
  updated_at: z.string(),
  status: z.string(),
  customer_email: z.string().nullable(),
  customer_first_name: z.string().nullable(),
  customer_last_name: z.string().nullable(),
  customer_company: z.string().nullable(),
  customer_country: z.string().nullable(),
  items_json: z.string(),
  total_amount: z.number(),
  currency: z.string().nullable(),
  permalink: z.string(),
  reuse_count: z.number(),
});

function* linkRows(db: Database, accountId: number) {
  const statement = db.prepare(
    `SELECT id, created_at, updated_at, status, customer_email, customer_first_name,
       customer_last_name, customer_company, customer_country, items_json, total_amount,
       currency, permalink, reuse_count
     FROM sessions WHERE account_id = ? ORDER BY created_at DESC, id DESC`,
  );
  for (const raw of statement.iterate(accountId)) {
    const r = sessionRow.parse(raw);
    yield [
      r.id,
      r.created_at,
      r.updated_at,
      r.status,
      r.customer_email,
      r.customer_first_name,
      r.customer_last_name,
      r.customer_company,
      r.customer_country,
      itemsText(r.items_json),
      decimal(r.total_amount, r.currency),
      r.currency,
      r.permalink,
      r.reuse_count,
    ] satisfies CsvCell[];
  }
}

export function exportCsv(
  db: Database,
  accountId: number,
  what: ExportWhat,
  options: { now: Date; filter?: FulfillmentFilter },
): CsvExport {
  const day = options.now.toISOString().slice(0, 10);
  const rows: CsvCell[][] = [];
  const source =
    what === 'fulfillments'
      ? fulfillmentRows(db, accountId, options.filter ?? {})
      : linkRows(db, accountId);
  for (const row of source) rows.push(row);
  return {
    fileName: `checkout-console-${what}-${day}.csv`,
    content: toCsv(what === 'fulfillments' ? FULFILLMENT_HEADER : LINK_HEADER, rows),
    rows: rows.length,
  };
}
