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
import { productLine, type ExportFormat } from '../../preload/contract';
import type { CsvCell } from './csv';
import type { ExportSale } from './export-sales';
import { minorToDecimal } from './money';

export type AccountingFormat = Extract<ExportFormat, 'xero' | 'qbo3' | 'qbo4'>;

export interface AccountingPreset {
  header: readonly string[];
  /** `day`: the sale's YYYY-MM-DD in the merchant's time zone (see statementDay). */
  row(sale: ExportSale, day: string): CsvCell[];
}

/** Rows per file in every preset (the tools' own limit). */
export const STATEMENT_ROWS = 1000;

export function isAccountingFormat(format: ExportFormat): format is AccountingFormat {
  return format === 'xero' || format === 'qbo3' || format === 'qbo4';
}

/** What reached the bank: the gross where known, else the amount as recorded. */
function received(s: ExportSale): string {
  return minorToDecimal(s.gross ?? s.amount, s.currency);
}

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

const payee = (s: ExportSale) => s.customerName ?? s.customerEmail ?? '';

function products(s: ExportSale): string {
  const line = s.products.map(productLine).join('; ') || (s.description ?? 'Sale');
  // A sale recorded from the link's items before any delivery said what was charged.
  return s.gross === null ? `${line} (before tax)` : line;
}

// Quaderno's session id is unique per sale, the processor's transaction id is what the payout
// report shows: both, so the bookkeeper can match either.
function reference(s: ExportSale): string {
  return s.transactionId ? `${s.transactionId} session ${s.sessionId}` : `session ${s.sessionId}`;
}

/** QuickBooks has no payee or reference column: one description says who, what and which. */
function qboDescription(s: ExportSale): string {
  return [payee(s), products(s), reference(s)].filter((part) => part !== '').join(' · ');
}

export const ACCOUNTING_PRESETS: Record<AccountingFormat, AccountingPreset> = {
  xero: {
    header: ['Date', 'Amount', 'Payee', 'Description', 'Reference'],
    row: (s, day) => [day, received(s), payee(s), products(s), reference(s)],
  },
  qbo3: {
    header: ['Date', 'Description', 'Amount'],
    row: (s, day) => [usDay(day), qboDescription(s), received(s)],
  },
  qbo4: {
    header: ['Date', 'Description', 'Credit', 'Debit'],
    row: (s, day) => [usDay(day), qboDescription(s), received(s), ''],
  },
};
