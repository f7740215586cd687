// CSV exports of fulfilments and links: ISO times, amounts as decimals next to their
// currency, one row per sale or link; and bank statements for Xero and QuickBooks
// (accounting-presets.ts). Shared by the app's save dialog and the CLI.
import {
  productLine,
  type ExportFormat,
  type Fulfillment,
  type Link,
} from '../../preload/contract';
import { ConsoleError } from '../errors';
import type { FulfillmentFilter } from '../store';
import {
  ACCOUNTING_PRESETS,
  isAccountingFormat,
  STATEMENT_ROWS,
  statementDay,
  type AccountingFormat,
} from './accounting-presets';
import { csvLine, type CsvCell } from './csv';
import { salesByPaidTime, type ExportSale, type ExportStore } from './export-sales';
import { holdHeapNearLive } from './export-heap';
import type { TextSink } from './export-spool';
import { minorToDecimal } from './money';
import { statementLines } from './statement-lines';
import { zoneDay } from './time-zone';

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
  // Added for accountants (issue 15), after it for the same reason. received_at keeps its name
  // for the sheets that read it; its values end in Z (UTC) like every time here.
  'paid_at_utc',
  'net_amount',
  'tax_amount',
  'gross_amount',
  'customer_country',
  'not_reported',
  // Added with refunds (schema 20), last again: what was refunded of the sale; amount stays
  // what was paid. Empty when nothing was.
  'refunded_amount',
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

function* fulfillmentRows(sales: Iterable<ExportSale>) {
  for (const s of sales) {
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
      s.paidAt,
      s.net === null ? null : decimal(s.net, s.currency),
      s.tax === null ? null : decimal(s.tax, s.currency),
      s.gross === null ? null : decimal(s.gross, s.currency),
      s.country,
      notReported(s),
      s.refundedAmount === undefined ? null : decimal(s.refundedAmount, s.currency),
    ] satisfies CsvCell[];
  }
}

// "3; 1" beside "3 × Consulting Hour; Stock Photo Pack", a number a spreadsheet can sum for a
// one-product sale; blank where nobody reported the count, rather than a made-up 1.
function quantities(products: Fulfillment['products']): string {
  return products.map((p) => (typeof p.quantity === 'number' ? String(p.quantity) : '')).join('; ');
}

// An empty cell is how spreadsheets and accounting tools read "no value"; the word unknown in
// tax_rate or transaction_id would turn a number column into text or look like one shared id.
// So those cells stay empty and this column names what no report of the sale carried.
function notReported(s: ExportSale): string {
  const missing: string[] = [];
  if (s.taxName === null) missing.push('tax_name');
  if (s.taxRate === null) missing.push('tax_rate');
  if (s.transactionId === null) missing.push('transaction_id');
  if (s.gateway === null) missing.push('gateway');
  if (s.paidAt === null) missing.push('paid_at_utc');
  if (s.country === null) missing.push('customer_country');
  return missing.join('; ');
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

export interface ExportOptions {
  now: Date;
  filter?: FulfillmentFilter;
  /** Left out: csv. */
  format?: ExportFormat;
  /**
   * IANA zone a bank statement's days are in; left out: UTC (the CSV's times are UTC). The
   * files are named by the day in it (left out: this computer's day).
   */
  timeZone?: string | undefined;
}

/** One file of an export as written: its name and how many rows it holds. */
export interface WrittenFile {
  fileName: string;
  rows: number;
}

/** Opens the sink for the export's next file (0, 1, …), as the rows reach it. */
export type OpenSink = (index: number) => TextSink;

/** The full CSV of sales or links, one file (see exportFiles for every format). */
export function exportCsv(
  store: ExportStore,
  accountId: number,
  what: ExportWhat,
  options: Omit<ExportOptions, 'format'>,
): CsvExport {
  const [file] = exportFiles(store, accountId, what, options);
  if (file === undefined) throw new Error('A CSV export always has a file.');
  return file;
}

/** The export as strings (tests and small exports; the app and CLI stream with writeExport). */
export function exportFiles(
  store: ExportStore,
  accountId: number,
  what: ExportWhat,
  options: ExportOptions,
): CsvExport[] {
  const texts: string[][] = [];
  const written = writeExport(store, accountId, what, options, () => {
    const parts: string[] = [];
    texts.push(parts);
    return { write: (text) => parts.push(text) };
  });
  return written.map((file, i) => ({ ...file, content: (texts[i] ?? []).join('') }));
}

const CRLF = '\r\n';

/**
 * Writes the export into the sinks `open` gives, one row at a time: one file, or for a bank
 * statement as many as the tool's row limit needs. The names come last: a split or a
 * statement's currency is known only once every sale was read. All at once: see
 * writeExportInTurns for the app and the CLI.
 */
export function writeExport(
  store: ExportStore,
  accountId: number,
  what: ExportWhat,
  options: ExportOptions,
  open: OpenSink,
): WrittenFile[] {
  const steps = exportSteps(store, accountId, what, options, open);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * writeExport giving the event loop a turn every few milliseconds, so the receiver on the same
 * store keeps storing webhooks while a year of sales is exported (the store reads sales in
 * batches and holds no statement open between them). The file holds the sales that existed
 * when the export began; one changed meanwhile (marked fulfilled, a note) shows the state its
 * batch read, before or after the change. V8 keeps the heap near what is live meanwhile
 * (export-heap.ts).
 */
export async function writeExportInTurns(
  store: ExportStore,
  accountId: number,
  what: ExportWhat,
  options: ExportOptions,
  open: OpenSink,
): Promise<WrittenFile[]> {
  const steps = exportSteps(store, accountId, what, options, open);
  const release = holdHeapNearLive();
  try {
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
      await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    release();
  }
}

/** The export's work, yielding where it may give the event loop a turn. */
type Steps<T> = Generator<void, T, void>;

// A webhook's answer takes a few turns (read, commit, disk sync, answer), each waiting up to a
// slice: 20 ms slices made it wait ~110-160 ms (median) during an export, 5 ms ones ~40-60 ms.
const SLICE_MS = 5;

/** True once a slice of work is done (the clock is read every 64 rows). */
function sliceTimer(): () => boolean {
  let rows = 0;
  let since = performance.now();
  return () => {
    rows += 1;
    if ((rows & 63) !== 0 || performance.now() - since < SLICE_MS) return false;
    since = performance.now();
    return true;
  };
}

function* exportSteps(
  store: ExportStore,
  accountId: number,
  what: ExportWhat,
  options: ExportOptions,
  open: OpenSink,
): Steps<WrittenFile[]> {
  const format = options.format ?? 'csv';
  const day = exportDay(options.now, options.timeZone);
  const filter = options.filter ?? {};
  if (isAccountingFormat(format)) {
    if (what !== 'fulfillments') {
      throw new ConsoleError(
        'invalid_input',
        'A bank statement lists sales: export fulfillments in that format.',
      );
    }
    return yield* statementSteps(
      store,
      accountId,
      { format, filter, day, dayOf: statementDay(options.timeZone) },
      open,
    );
  }
  const source =
    what === 'fulfillments'
      ? fulfillmentRows(salesByPaidTime(store, accountId, { filter, byPaidTime: true }))
      : linkRows(store, accountId);
  const header = what === 'fulfillments' ? FULFILLMENT_HEADER : LINK_HEADER;
  // Excel reads a CSV as the system's legacy code page unless it starts with a UTF-8 byte order
  // mark (so Café became CafÃ©). Only the mark: a `sep=,` first line would make Excel ignore it.
  const excel = format === 'csv-excel';
  const sink = open(0);
  sink.write((excel ? BOM : '') + csvLine(header) + CRLF);
  let rows = 0;
  const sliceDone = sliceTimer();
  for (const row of source) {
    sink.write(csvLine(row) + CRLF);
    rows += 1;
    if (sliceDone()) yield;
  }
  return [{ fileName: csvFileName(what, format, options.now, options.timeZone), rows }];
}

/** One CSV file, named before a row is read (a bank statement's name waits for its currency). */
export type CsvFormat = Exclude<ExportFormat, AccountingFormat>;

export function csvFileName(
  what: ExportWhat,
  format: CsvFormat,
  now: Date,
  timeZone?: string,
): string {
  const day = exportDay(now, timeZone);
  const suffix = format === 'csv-excel' ? '-excel' : '';
  // "sales", the desk's word: not the API's `fulfillments` beside a screen titled Fulfilments.
  const named = what === 'fulfillments' ? 'sales' : 'links';
  return `checkout-console-${named}-${day}${suffix}.csv`;
}

/**
 * The day an export is named by: the merchant's, in `timeZone` when given, else this computer's
 * (the app's and the CLI's own); a UTC day named an evening's export in the Americas by tomorrow.
 */
function exportDay(now: Date, timeZone: string | undefined): string {
  if (timeZone !== undefined) return zoneDay(now, timeZone);
  return new Date(now.getTime() - now.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
}

export const BOM = '\uFEFF';

function* statementSteps(
  store: ExportStore,
  accountId: number,
  {
    format,
    filter,
    day,
    dayOf,
  }: {
    format: AccountingFormat;
    filter: FulfillmentFilter;
    day: string;
    dayOf: (at: string) => string;
  },
  open: OpenSink,
): Steps<WrittenFile[]> {
  const preset = ACCOUNTING_PRESETS[format];
  const header = csvLine(preset.header) + CRLF;
  const counts: number[] = []; // rows of each full file
  let inPart = 0;
  let sink = open(0);
  sink.write(header);
  const currencies = new Set<string>();
  const sliceDone = sliceTimer();
  // Refunds are lines too: they count towards the tool's limit and split files like sales.
  for (const line of statementLines(store, accountId, filter)) {
    if (sliceDone()) yield;
    currencies.add(line.sale ? line.sale.currency : line.refund.sale.currency);
    if (currencies.size > 1) continue; // only to name every currency in the refusal
    if (inPart === STATEMENT_ROWS) {
      counts.push(inPart);
      inPart = 0;
      sink = open(counts.length);
      sink.write(header);
    }
    const day = dayOf(line.at);
    const cells = line.sale ? preset.row(line.sale, day) : preset.refundRow(line.refund, day);
    sink.write(csvLine(cells) + CRLF);
    inPart += 1;
  }
  if (currencies.size > 1) throw mixedCurrencies([...currencies]);
  counts.push(inPart);
  const currency = filter.currency?.toUpperCase() ?? [...currencies][0];
  const name = ['checkout-console', format, currency, day].filter(Boolean).join('-');
  return counts.map((rows, i) => ({
    fileName: counts.length === 1 ? `${name}.csv` : `${name}-${i + 1}.csv`,
    rows,
  }));
}

function mixedCurrencies(currencies: string[]): ConsoleError {
  const list = currencies.sort().join(', ');
  return new ConsoleError(
    'invalid_input',
    `These sales are in ${list}, and a bank statement holds one currency. Export each currency on its own: --currency ${currencies[0]} in the CLI, or the currency filter in the app.`,
  );
}
