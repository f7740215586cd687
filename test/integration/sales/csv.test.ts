// CSV the way spreadsheets read it: RFC 4180 quoting, decimals per currency, ISO times.
import { describe, expect, it } from 'vitest';
import { csvField, exportCsv, minorToDecimal, toCsv } from '../../../main/sales';
import { ACCOUNTANT_COLUMNS } from '../../support/export-sales';
import { withRawDb } from '../../support/raw-db';
import { useTempDir } from '../../support/temp-dir';
import { openStoreWithAccount } from '../../support/test-store';
import { insertSales, saleAt } from './generate';
import { csvRecords, parseCsv } from './parse-csv';

const tmp = useTempDir();

describe('csv fields', () => {
  it('quotes commas, quotes and line breaks, doubling the quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('Doe, John')).toBe('"Doe, John"');
    expect(csvField('the "best"')).toBe('"the ""best"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');
  });

  it('keeps a customer-typed formula from running in a spreadsheet', () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('-0.05')).toBe('-0.05');
  });

  it('keeps a formula behind spaces or in full-width signs from running too', () => {
    // Excel and LibreOffice read ＝ ＋ － ＠ as = + - @, and skip spaces before a formula.
    for (const text of [
      '＝1+1',
      '＋1+1',
      '－1+1',
      '＠SUM(A1)',
      ' =HYPERLINK("x")',
      '\t =1+1',
      '\u3000=1+1',
      '\n@SUM(A1)',
    ]) {
      expect(csvField(text), JSON.stringify(text)).toMatch(/^"?'/);
    }
    expect(csvField(' plain')).toBe(' plain');
  });

  it('reads back exactly what was written, line breaks inside fields included', () => {
    const rows = [
      ['a,b', 'say "hi"', 'x\r\ny'],
      ['', 'é€¥', '42'],
    ];
    expect(parseCsv(toCsv(['one', 'two', 'three'], rows))).toEqual([
      ['one', 'two', 'three'],
      ...rows,
    ]);
  });
});

describe('amounts as decimals', () => {
  it("uses the currency's own minor units", () => {
    expect(minorToDecimal(1500, 'EUR')).toBe('15.00');
    expect(minorToDecimal(5, 'EUR')).toBe('0.05');
    expect(minorToDecimal(500, 'JPY')).toBe('500');
    expect(minorToDecimal(1234, 'KWD')).toBe('1.234');
    expect(minorToDecimal(-5, 'USD')).toBe('-0.05');
  });
});

describe('sales export', () => {
  it('writes one row per sale with ISO times, decimal amounts next to the currency, and quoted names', () => {
    const { store, accountId } = openStoreWithAccount(tmp.file('x.sqlite'));
    try {
      const newest = new Date('2026-11-28T10:00:00.000Z');
      const eur = { ...saleAt(0, newest, 60_000), name: 'Doe, "JD"\nJunior' };
      const ebook = saleAt(1, newest, 60_000); // USD, product 'Ebook, "Deluxe"'
      const yen = saleAt(2, newest, 60_000);
      withRawDb(store.file, (db) => insertSales(db, accountId, [eur, ebook, yen]));
      const csv = exportCsv(store, accountId, 'fulfillments', { now: newest });
      expect(csv.rows).toBe(3);
      // Columns added later go last, so a sheet that reads them by position keeps working.
      expect(parseCsv(csv.content)[0]).toEqual([
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
        'quantities',
        ...ACCOUNTANT_COLUMNS,
        'refunded_amount',
      ]);
      const [first, second, third] = csvRecords(csv.content);
      expect(first).toMatchObject({
        received_at: '2026-11-28T10:00:00.000Z',
        customer_name: 'Doe, "JD"\nJunior',
        amount: '15.00',
        currency: 'EUR',
        products: 'Unicorn',
        status: 'new',
      });
      expect(second).toMatchObject({
        products: 'Ebook, "Deluxe"',
        amount: '15.01',
        currency: 'USD',
      });
      expect(third).toMatchObject({ amount: '502', currency: 'JPY' });
    } finally {
      store.close();
    }
  });
});
