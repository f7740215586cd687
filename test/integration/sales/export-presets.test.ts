// Exports an accountant can use (issue 15): the full CSV's paid time, tax split and country, the
// Excel variant, and the Xero / QuickBooks bank statements read back by a strict RFC 4180 parser.
import { describe, expect, it } from 'vitest';
import { BOM, exportFiles, saveExport, type CsvExport } from '../../../main/sales';
import type { ExportFormat } from '../../../preload/contract';
import { recordSyncSale, recordWebhookSale } from '../../support/export-sales';
import { useTempDir } from '../../support/temp-dir';
import { useStoreWithAccount } from '../../support/test-store';
import { seedSales } from './generate';
import { csvRecords, parseCsv } from './parse-csv';

const tmp = useTempDir();
const shop = useStoreWithAccount(tmp);
const now = new Date('2026-12-01T09:00:00.000Z');

function files(format: ExportFormat, filter = {}): CsvExport[] {
  return exportFiles(shop.store, shop.accountId, 'fulfillments', { now, format, filter });
}

function only(format: ExportFormat, filter = {}): string {
  const all = files(format, filter);
  expect(all).toHaveLength(1);
  return all[0]!.content;
}

/** Paid 23:59 on the 29th, heard of 00:01 on the 30th; and a sale only sync saw. */
function seedTwo(): void {
  recordWebhookSale(shop.store, shop.accountId, {
    sessionId: 501,
    paidAt: '2026-11-29T23:59:00.000Z',
    receivedAt: '2026-11-30T00:01:00.000Z',
    amount: 12100,
    country: 'es',
  });
  recordSyncSale(shop.store, shop.accountId, {
    sessionId: 502,
    receivedAt: '2026-11-30T00:00:00.000Z',
    amount: 5000,
  });
}

describe('the full CSV for an accountant', () => {
  it('adds the paid time, net/tax/gross, the country and what no report carried, sorted by paid time', () => {
    seedTwo();
    const records = csvRecords(only('csv'));
    // Sync heard of 502 first, but 501 was paid last-but-one minute of the 29th: newest paid first.
    expect(records.map((r) => r.session_id)).toEqual(['502', '501']);
    const [sync, webhook] = records;
    expect(webhook).toMatchObject({
      received_at: '2026-11-30T00:01:00.000Z',
      paid_at_utc: '2026-11-29T23:59:00.000Z',
      amount: '121.00',
      amount_tax: 'included',
      net_amount: '100.00',
      tax_amount: '21.00',
      gross_amount: '121.00',
      customer_country: 'ES',
      tax_rate: '21',
      not_reported: '',
    });
    expect(sync).toMatchObject({
      amount: '50.00',
      amount_tax: 'before tax',
      paid_at_utc: '',
      net_amount: '',
      tax_amount: '',
      gross_amount: '',
      tax_name: '',
      tax_rate: '',
      transaction_id: '',
      gateway: '',
      not_reported: 'tax_name; tax_rate; transaction_id; gateway; paid_at_utc; customer_country',
    });
  });

  it('offers an Excel variant that starts with a byte order mark, so Café stays Café', () => {
    recordWebhookSale(shop.store, shop.accountId, {
      sessionId: 601,
      paidAt: '2026-11-29T10:00:00.000Z',
      receivedAt: '2026-11-29T10:00:02.000Z',
      amount: 1000,
      name: 'Café Ñandú',
    });
    const excel = only('csv-excel');
    expect(excel.startsWith(BOM)).toBe(true);
    expect(Buffer.from(excel, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const [row] = csvRecords(excel.slice(1));
    expect(row?.customer_name).toBe('Café Ñandú');
    expect(only('csv').startsWith(BOM)).toBe(false);
  });
});

describe('bank statements', () => {
  it('writes Xero, QuickBooks 3- and 4-column with their columns, dates and money in as positive', () => {
    seedTwo();
    expect(parseCsv(only('xero'))).toEqual([
      ['Date', 'Amount', 'Payee', 'Description', 'Reference'],
      ['2026-11-30', '50.00', 'jane@example.com', 'Sale (before tax)', 'session 502'],
      ['2026-11-29', '121.00', 'Jane Doe', '2 × Course', 'pi_501 session 501'],
    ]);
    expect(parseCsv(only('qbo3'))).toEqual([
      ['Date', 'Description', 'Amount'],
      ['11/30/2026', 'jane@example.com · Sale (before tax) · session 502', '50.00'],
      ['11/29/2026', 'Jane Doe · 2 × Course · pi_501 session 501', '121.00'],
    ]);
    expect(parseCsv(only('qbo4'))).toEqual([
      ['Date', 'Description', 'Credit', 'Debit'],
      ['11/30/2026', 'jane@example.com · Sale (before tax) · session 502', '50.00', ''],
      ['11/29/2026', 'Jane Doe · 2 × Course · pi_501 session 501', '121.00', ''],
    ]);
  });

  it('selects a date range by the paid day', () => {
    seedTwo();
    const day29 = { from: '2026-11-29T00:00:00.000Z', to: '2026-11-30T00:00:00.000Z' };
    expect(csvRecords(only('xero', day29)).map((r) => r.Reference)).toEqual(['pi_501 session 501']);
    const day30 = { from: '2026-11-30T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' };
    expect(csvRecords(only('qbo3', day30)).map((r) => r.Amount)).toEqual(['50.00']);
  });

  it("dates each line by the merchant's own day, also across a daylight-saving change", () => {
    // 20:30 on 31 January in New York is 01:30 on 1 February in UTC: a January statement
    // (selected by the app's local days) must not date it in February.
    recordWebhookSale(shop.store, shop.accountId, {
      sessionId: 701,
      paidAt: '2026-02-01T01:30:00.000Z',
      receivedAt: '2026-02-01T01:30:05.000Z',
      amount: 1000,
      country: 'us',
    });
    // 00:30 on 30 March in Madrid, the day after clocks went to +02:00 (+01:00 would say the 29th).
    recordWebhookSale(shop.store, shop.accountId, {
      sessionId: 702,
      paidAt: '2026-03-29T22:30:00.000Z',
      receivedAt: '2026-03-29T22:30:05.000Z',
      amount: 2000,
      country: 'es',
    });
    const january = { from: '2026-01-01T05:00:00.000Z', to: '2026-02-01T05:00:00.000Z' };
    const inNewYork = exportFiles(shop.store, shop.accountId, 'fulfillments', {
      now,
      format: 'qbo3',
      filter: january,
      timeZone: 'America/New_York',
    });
    expect(csvRecords(inNewYork[0]!.content).map((r) => r.Date)).toEqual(['01/31/2026']);
    const inMadrid = exportFiles(shop.store, shop.accountId, 'fulfillments', {
      now,
      format: 'xero',
      timeZone: 'Europe/Madrid',
    });
    expect(csvRecords(inMadrid[0]!.content).map((r) => r.Date)).toEqual([
      '2026-03-30',
      '2026-02-01',
    ]);
    // Without a time zone (the CLI with --utc) the days stay UTC.
    expect(csvRecords(only('xero')).map((r) => r.Date)).toEqual(['2026-03-29', '2026-02-01']);
  });

  it("names the files by the merchant's day, not UTC's", () => {
    // 22:00 on 30 November in New York is 1 December in UTC.
    const evening = new Date('2026-12-01T03:00:00.000Z');
    const statement = exportFiles(shop.store, shop.accountId, 'fulfillments', {
      now: evening,
      format: 'xero',
      timeZone: 'America/New_York',
    });
    expect(statement.map((f) => f.fileName)).toEqual(['checkout-console-xero-2026-11-30.csv']);
    // A CSV has no zone of its own: the computer's, as the one running the export.
    const zone = process.env.TZ;
    process.env.TZ = 'America/New_York';
    try {
      const [csv] = exportFiles(shop.store, shop.accountId, 'fulfillments', { now: evening });
      expect(csv?.fileName).toBe('checkout-console-sales-2026-11-30.csv');
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it('splits 1,001 sales into files of 1,000 and 1, and saves each', async () => {
    // seedSales cycles EUR, USD, JPY: every third sale is in euros.
    seedSales(shop.store.file, shop.accountId, 3003, new Date('2026-11-28T10:00:00.000Z'));
    const parts = files('qbo3', { currency: 'EUR' });
    expect(parts.map((p) => [p.fileName, p.rows])).toEqual([
      ['checkout-console-qbo3-EUR-2026-12-01-1.csv', 1000],
      ['checkout-console-qbo3-EUR-2026-12-01-2.csv', 1],
    ]);
    for (const part of parts) {
      const [header, ...rows] = parseCsv(part.content);
      expect(header).toEqual(['Date', 'Description', 'Amount']);
      expect(rows).toHaveLength(part.rows);
      for (const [date, , amount] of rows) {
        expect(date).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
        expect(Number(amount)).toBeGreaterThan(0);
      }
    }
    const saved: string[] = [];
    const result = await saveExport(
      shop.store,
      shop.accountId,
      { what: 'fulfillments', format: 'qbo4', filter: { currency: 'eur' } },
      async (name) => {
        saved.push(name);
        return `/saved/${name}`;
      },
      now,
    );
    expect(result).toEqual({
      path: '/saved/checkout-console-qbo4-EUR-2026-12-01-1.csv',
      rows: 1001,
      files: [
        { path: '/saved/checkout-console-qbo4-EUR-2026-12-01-1.csv', rows: 1000 },
        { path: '/saved/checkout-console-qbo4-EUR-2026-12-01-2.csv', rows: 1 },
      ],
    });
  }, 60_000);

  it('refuses a statement in more than one currency, naming them and --currency', () => {
    seedSales(shop.store.file, shop.accountId, 3, new Date('2026-11-28T10:00:00.000Z'));
    for (const format of ['xero', 'qbo3', 'qbo4'] as const) {
      expect(() => files(format)).toThrow(
        'These sales are in EUR, JPY, USD, and a bank statement holds one currency. Export each currency on its own: --currency',
      );
    }
  });

  it('keeps a customer-typed formula from running in every format', () => {
    recordWebhookSale(shop.store, shop.accountId, {
      sessionId: 701,
      paidAt: '2026-11-29T10:00:00.000Z',
      receivedAt: '2026-11-29T10:00:01.000Z',
      amount: 1000,
      name: '=HYPERLINK("http://evil.test")',
    });
    const formula = /(^|,)"?[=+\-@]/m;
    for (const format of ['csv', 'csv-excel', 'xero', 'qbo3', 'qbo4'] as const) {
      const text = only(format).replace(BOM, '');
      const cells = parseCsv(text).flat();
      expect(cells.filter((c) => /^[=+@]/.test(c) || /^-\D/.test(c))).toEqual([]);
      expect(text).not.toMatch(formula);
      expect(cells.some((c) => c.includes(`'=HYPERLINK`))).toBe(true);
    }
  });
});
