// A refund on a bank statement (helper-212): its own line, money out, on the refund's own day,
// saying which sale it gave money back for, so a bookkeeper's reconciliation matches the bank.
import { describe, expect, it } from 'vitest';
import { exportFiles, type CsvExport } from '../../../main/sales';
import type { FulfillmentFilter } from '../../../main/store';
import type { ExportFormat } from '../../../preload/contract';
import { recordRefund, recordWebhookSale } from '../../support/export-sales';
import { useTempDir } from '../../support/temp-dir';
import { useStoreWithAccount } from '../../support/test-store';
import { seedSales } from './generate';
import { csvRecords, parseCsv } from './parse-csv';

const tmp = useTempDir();
const shop = useStoreWithAccount(tmp);
const now = new Date('2026-12-10T09:00:00.000Z');

function files(format: ExportFormat, filter: FulfillmentFilter = {}, timeZone?: string) {
  return exportFiles(shop.store, shop.accountId, 'fulfillments', { now, format, filter, timeZone });
}

function only(format: ExportFormat, filter: FulfillmentFilter = {}, timeZone?: string): string {
  const all: CsvExport[] = files(format, filter, timeZone);
  expect(all).toHaveLength(1);
  return all[0]!.content;
}

/** Sale 501, 121.00 paid on 29 November; `refunds` of it after, each its own event. */
function saleRefunded(
  refunds: Array<{ amount: number; at: string; kind?: 'credit.created' | 'charge.refunded' }>,
  name?: string,
): number {
  const sale = recordWebhookSale(shop.store, shop.accountId, {
    sessionId: 501,
    paidAt: '2026-11-29T10:00:00.000Z',
    receivedAt: '2026-11-29T10:00:05.000Z',
    amount: 12100,
    ...(name === undefined ? {} : { name }),
  });
  for (const r of refunds) {
    recordRefund(shop.store, shop.accountId, {
      fulfillmentId: sale,
      sessionId: 501,
      amount: r.amount,
      refundedAt: r.at,
      ...(r.kind ? { kind: r.kind } : {}),
    });
  }
  return sale;
}

const december = { from: '2026-12-01T00:00:00.000Z', to: '2027-01-01T00:00:00.000Z' };
const november = { from: '2026-11-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' };

describe('refunds on a bank statement', () => {
  it('books a partial refund on a later day as its own line of money out, in every preset', () => {
    saleRefunded([{ amount: 2000, at: '2026-12-02T09:00:00.000Z' }]);
    expect(parseCsv(only('xero'))).toEqual([
      ['Date', 'Amount', 'Payee', 'Description', 'Reference'],
      ['2026-12-02', '-20.00', 'Jane Doe', 'Refund of 2 × Course', 'refund of pi_501 session 501'],
      ['2026-11-29', '121.00', 'Jane Doe', '2 × Course', 'pi_501 session 501'],
    ]);
    expect(parseCsv(only('qbo3'))).toEqual([
      ['Date', 'Description', 'Amount'],
      ['12/02/2026', 'Jane Doe · Refund of 2 × Course · pi_501 session 501', '-20.00'],
      ['11/29/2026', 'Jane Doe · 2 × Course · pi_501 session 501', '121.00'],
    ]);
    expect(parseCsv(only('qbo4'))).toEqual([
      ['Date', 'Description', 'Credit', 'Debit'],
      ['12/02/2026', 'Jane Doe · Refund of 2 × Course · pi_501 session 501', '', '20.00'],
      ['11/29/2026', 'Jane Doe · 2 × Course · pi_501 session 501', '121.00', ''],
    ]);
  });

  it('books the two events of one refund once, and a second refund on its own day', () => {
    const sale = saleRefunded([
      // The processor's refund, then Quaderno's credit note for it the next day.
      { amount: 2000, at: '2026-12-02T09:00:00.000Z', kind: 'charge.refunded' },
      { amount: 2000, at: '2026-12-03T08:00:00.000Z', kind: 'credit.created' },
      // A second refund, its credit note first this time.
      { amount: 1000, at: '2026-12-05T09:00:00.000Z', kind: 'credit.created' },
      { amount: 1000, at: '2026-12-05T09:00:01.000Z', kind: 'charge.refunded' },
    ]);
    expect(shop.store.fulfillments.get(shop.accountId, sale)?.refundedAmount).toBe(3000);
    expect(csvRecords(only('xero')).map((r) => [r.Date, r.Amount])).toEqual([
      ['2026-12-05', '-10.00'],
      ['2026-12-02', '-20.00'],
      ['2026-11-29', '121.00'],
    ]);
    expect(csvRecords(only('qbo4')).map((r) => [r.Date, r.Credit, r.Debit])).toEqual([
      ['12/05/2026', '', '10.00'],
      ['12/02/2026', '', '20.00'],
      ['11/29/2026', '121.00', ''],
    ]);
  });

  it('never books more out than the sale booked in', () => {
    saleRefunded([
      { amount: 10000, at: '2026-12-02T09:00:00.000Z' },
      { amount: 10000, at: '2026-12-04T09:00:00.000Z' },
    ]);
    expect(csvRecords(only('qbo3')).map((r) => r.Amount)).toEqual(['-21.00', '-100.00', '121.00']);
  });

  it('selects refunds by their own day: in the range when the sale is not, out when it is', () => {
    saleRefunded([{ amount: 2000, at: '2026-12-02T09:00:00.000Z' }]);
    // A statement with only refunds still names its currency.
    const [refundsOnly] = files('xero', december);
    expect(refundsOnly?.fileName).toBe('checkout-console-xero-EUR-2026-12-10.csv');
    expect(parseCsv(refundsOnly!.content)).toEqual([
      ['Date', 'Amount', 'Payee', 'Description', 'Reference'],
      ['2026-12-02', '-20.00', 'Jane Doe', 'Refund of 2 × Course', 'refund of pi_501 session 501'],
    ]);
    expect(csvRecords(only('qbo3', november)).map((r) => r.Amount)).toEqual(['121.00']);
  });

  it("dates a refund by the merchant's day and selects it by that day", () => {
    // 21:00 on 30 November in New York is 1 December in UTC.
    saleRefunded([{ amount: 2000, at: '2026-12-01T02:00:00.000Z' }]);
    const novemberInNewYork = { from: '2026-11-01T04:00:00.000Z', to: '2026-12-01T05:00:00.000Z' };
    expect(
      csvRecords(only('qbo3', novemberInNewYork, 'America/New_York')).map((r) => [
        r.Date,
        r.Amount,
      ]),
    ).toEqual([
      ['11/30/2026', '-20.00'],
      ['11/29/2026', '121.00'],
    ]);
    const decemberInNewYork = { from: '2026-12-01T05:00:00.000Z', to: '2027-01-01T05:00:00.000Z' };
    expect(files('qbo3', decemberInNewYork, 'America/New_York')[0]?.rows).toBe(0);
  });

  it('leaves out a refund no sale was found for', () => {
    saleRefunded([]);
    shop.store.refunds.record(shop.accountId, {
      eventId: 9001,
      kind: 'credit.created',
      fulfillmentId: null,
      amount: 5000,
      currency: 'EUR',
      refundedAt: '2026-12-02T09:00:00.000Z',
      sessionId: 999,
      transactions: ['pi_unknown'],
    });
    expect(csvRecords(only('xero')).map((r) => r.Amount)).toEqual(['121.00']);
  });

  it('keeps a customer-typed formula from running on a refund line', () => {
    saleRefunded(
      [{ amount: 2000, at: '2026-12-02T09:00:00.000Z' }],
      '=HYPERLINK("http://evil.test")',
    );
    for (const format of ['xero', 'qbo3', 'qbo4'] as const) {
      const [refund] = parseCsv(only(format, december)).slice(1);
      expect(refund?.filter((c) => /^[=+@]/.test(c) || /^-\D/.test(c))).toEqual([]);
      expect(refund?.some((c) => c.startsWith(`'=HYPERLINK`))).toBe(true);
    }
  });

  it('counts refund lines towards the 1,000 lines of a file', () => {
    // seedSales cycles EUR, USD, JPY: 1,000 of 3,000 sales are in euros, sale 0 among them.
    seedSales(shop.store.file, shop.accountId, 3000, new Date('2026-11-28T10:00:00.000Z'));
    const sale = shop.store.fulfillments.bySession(shop.accountId, 1_000_000);
    expect(sale?.currency).toBe('EUR');
    recordRefund(shop.store, shop.accountId, {
      fulfillmentId: sale!.id,
      sessionId: 1_000_000,
      amount: 100,
      refundedAt: '2026-11-30T10:00:00.000Z',
    });
    const parts = files('xero', { currency: 'EUR' });
    expect(parts.map((p) => [p.fileName, p.rows])).toEqual([
      ['checkout-console-xero-EUR-2026-12-10-1.csv', 1000],
      ['checkout-console-xero-EUR-2026-12-10-2.csv', 1],
    ]);
    const [, first] = parseCsv(parts[0]!.content);
    expect(first?.slice(0, 2)).toEqual(['2026-11-30', '-1.00']);
  }, 60_000);
});
