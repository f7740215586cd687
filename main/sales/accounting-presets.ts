// Bank statements a bookkeeper's tool imports as they are: sales are money in, so amounts are
// positive (Xero, QuickBooks 3-column) or in Credit (QuickBooks 4-column). What the tools take,
// as their guides describe it (looked up 2026):
// - Xero's bank statement import reads Date, Amount, Payee, Description, Reference by position;
//   a positive Amount is money in; YYYY-MM-DD is read the same by every organisation whatever
//   its regional date setting (reckonflow.com/blog/xero-csv-format-requirements,
//   zerabooks.github.io/import/csv-to-xero); at most 1,000 statement lines a file (Xero guide,
//   online.flippingbook.com/view/399081/34).
// - QuickBooks Online takes exactly 3 columns (Date, Description, Amount) or 4 (Date,
//   Description, Credit, Debit), at most 1,000 rows and 350 KB a file
//   (quickbooks.intuit.com/learn-support/en-uk/…/manually-upload-transactions-quickbooks-online,
//   spreadsheetbroccoli.com/platforms/quickbooks_online/import-bank-transaction-3col-guide).
//   Its upload asks which date format the file uses; MM/DD/YYYY is the one every guide lists
//   (US companies; trestlefinance.com/guides/quickbooks-csv-date-amount-format), and a
//   dd/mm/yyyy company picks MM/dd/yyyy in that step. Intuit's UK page labels Credit "money
//   out" in one table while its example and every other guide put deposits in Credit; the
//   upload maps the columns anyway, so Credit here is money in, as the issue asks.
// A refund is money out: a negative Amount (Xero, QuickBooks 3-column; both guides read a minus
// sign as a withdrawal) or a positive Debit (QuickBooks 4-column), on its own line dated on the
// refund's day (statement-lines.ts says which refunds make a line and for how much).
import { productLine, type ExportFormat } from '../../preload/contract';
import type { CsvCell } from './csv';
import type { ExportSale } from './export-sales';
import { minorToDecimal } from './money';
import type { BookedSale, RefundLine } from './statement-lines';

export type AccountingFormat = Extract<ExportFormat, 'xero' | 'qbo3' | 'qbo4'>;

export interface AccountingPreset {
  header: readonly string[];
  /** `day`: the sale's YYYY-MM-DD in the merchant's time zone (see statementDay). */
  row(sale: ExportSale, day: string): CsvCell[];
  /** A refund of a sale, money out; `day` is the refund's own, as for a sale. */
  refundRow(refund: RefundLine, day: string): CsvCell[];
}

/** Rows per file in every preset (the tools' own limit). */
export const STATEMENT_ROWS = 1000;

export function isAccountingFormat(format: ExportFormat): format is AccountingFormat {
  return format === 'xero' || format === 'qbo3' || format === 'qbo4';
}

/** What reached the bank: the gross where known, else the amount as recorded. */
function received(s: BookedSale): string {
  return minorToDecimal(s.gross ?? s.amount, s.currency);
}

/** What went back, as a positive decimal (a Debit) or a negative one (an Amount). */
const refunded = (r: RefundLine) => minorToDecimal(r.amount, r.sale.currency);
const paidOut = (r: RefundLine) => minorToDecimal(-r.amount, r.sale.currency);

const usDay = (day: string) => `${day.slice(5, 7)}/${day.slice(8, 10)}/${day.slice(0, 4)}`;

/**
 * The day a statement line is dated: the merchant's calendar day in `timeZone` (an IANA name,
 * daylight saving included), as the app's date filter or the CLI's --from/--to chose it; UTC
 * when none is given (the CLI's --utc). A sale at 20:30 on 31 January in New York is 1 February in
 * UTC, and the accounting tool would book it in the wrong month.
 */
export function statementDay(timeZone: string | undefined): (at: string) => string {
  if (timeZone === undefined) return (at) => at.slice(0, 10);
  const format = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  return (at) => {
    const parts = format.formatToParts(new Date(at));
    const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
    return `${part('year')}-${part('month')}-${part('day')}`;
  };
}

const payee = (s: BookedSale) => s.customerName ?? s.customerEmail ?? '';

function products(s: BookedSale): string {
  const line = s.products.map(productLine).join('; ') || (s.description ?? 'Sale');
  // A sale recorded from the link's items before any delivery said what was charged.
  return s.gross === null ? `${line} (before tax)` : line;
}

// Quaderno's session id is unique per sale, the processor's transaction id is what the payout
// report shows: both, so the bookkeeper can match either.
function reference(s: BookedSale): string {
  return s.transactionId ? `${s.transactionId} session ${s.sessionId}` : `session ${s.sessionId}`;
}

/** QuickBooks has no payee or reference column: one description says who, what and which. */
function qboDescription(s: BookedSale, what = products(s)): string {
  return [payee(s), what, reference(s)].filter((part) => part !== '').join(' · ');
}

// Which sale a refund gave money back for: the same payee and reference as the sale's own line,
// so the bookkeeper can match the two.
const refundOf = (s: BookedSale) => `Refund of ${products(s)}`;
const refundReference = (s: BookedSale) => `refund of ${reference(s)}`;

export const ACCOUNTING_PRESETS: Record<AccountingFormat, AccountingPreset> = {
  xero: {
    header: ['Date', 'Amount', 'Payee', 'Description', 'Reference'],
    row: (s, day) => [day, received(s), payee(s), products(s), reference(s)],
    refundRow: (r, day) => [
      day,
      paidOut(r),
      payee(r.sale),
      refundOf(r.sale),
      refundReference(r.sale),
    ],
  },
  qbo3: {
    header: ['Date', 'Description', 'Amount'],
    row: (s, day) => [usDay(day), qboDescription(s), received(s)],
    refundRow: (r, day) => [usDay(day), qboDescription(r.sale, refundOf(r.sale)), paidOut(r)],
  },
  qbo4: {
    header: ['Date', 'Description', 'Credit', 'Debit'],
    row: (s, day) => [usDay(day), qboDescription(s), received(s), ''],
    refundRow: (r, day) => [usDay(day), qboDescription(r.sale, refundOf(r.sale)), '', refunded(r)],
  },
};
