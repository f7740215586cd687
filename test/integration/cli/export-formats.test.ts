// `checkout-console export --format csv-excel|xero|qbo3|qbo4` as a merchant runs it: a real
// process over a real data folder, its files read back by a strict RFC 4180 parser.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ACCOUNTANT_COLUMNS, recordWebhookSale } from '../../support/export-sales';
import { withRawDb } from '../../support/raw-db';
import { runCliOver, seedCliLedger } from '../../support/cli-ledger';
import { bareEnv, runCli, type Finished } from '../../support/run-process';
import { useTempDir } from '../../support/temp-dir';
import { insertSales, manySales } from '../sales/generate';
import { parseCsv } from '../sales/parse-csv';

const tmp = useTempDir();

const cli = (args: string[]): Promise<Finished> => runCliOver(tmp.path, args);

/** Two euro sales with their events; `more` euro sales a minute apart before them. */
function seed(more = 0): void {
  seedCliLedger(tmp.path, ({ store, accountId }) => {
    const euros = [...manySales(more, new Date('2026-11-20T10:00:00.000Z'), 60_000)].map((s) => ({
      ...s,
      currency: 'EUR' as const,
    }));
    withRawDb(store.file, (db) => insertSales(db, accountId, euros));
    recordWebhookSale(store, accountId, {
      sessionId: 501,
      paidAt: '2026-11-29T23:59:00.000Z',
      receivedAt: '2026-11-30T00:01:00.000Z',
      amount: 12100,
      name: 'Café Ñandú',
    });
    recordWebhookSale(store, accountId, {
      sessionId: 502,
      paidAt: '2026-11-30T12:00:00.000Z',
      receivedAt: '2026-11-30T12:00:01.000Z',
      amount: 2420,
      name: '@SUM(A1)',
    });
  });
}

describe('checkout-console export for an accountant', () => {
  it('prints a Xero and a QuickBooks statement, and writes the Excel CSV with its byte order mark', async () => {
    seed();
    const xero = await cli(['export', '--format', 'xero', '--from', '2026-11-30']);
    expect(xero.stderr).toBe('');
    expect(xero.code).toBe(0);
    expect(parseCsv(`${xero.stdout.replace(/\n$/, '')}\r\n`)).toEqual([
      ['Date', 'Amount', 'Payee', 'Description', 'Reference'],
      ['2026-11-30', '24.20', "'@SUM(A1)", '2 × Course', 'pi_502 session 502'],
    ]);
    const qbo4 = await cli(['export', '--format', 'qbo4']);
    expect(qbo4.code).toBe(0);
    expect(parseCsv(`${qbo4.stdout.replace(/\n$/, '')}\r\n`)).toEqual([
      ['Date', 'Description', 'Credit', 'Debit'],
      ['11/30/2026', "'@SUM(A1) · 2 × Course · pi_502 session 502", '24.20', ''],
      ['11/29/2026', 'Café Ñandú · 2 × Course · pi_501 session 501', '121.00', ''],
    ]);
    const out = tmp.file('sales-excel.csv');
    const excel = await cli(['export', '--format', 'csv-excel', '--out', out]);
    expect(excel.code).toBe(0);
    const bytes = readFileSync(out);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = parseCsv(bytes.toString('utf8').slice(1));
    expect(header?.slice(-7, -1)).toEqual(ACCOUNTANT_COLUMNS);
    expect(header?.at(-1)).toBe('refunded_amount');
    expect(rows.map((r) => r[5])).toEqual(["'@SUM(A1)", 'Café Ñandú']);
  }, 120_000);

  it('writes 1,001 sales for QuickBooks as FILE-1.csv and FILE-2.csv, and will not print them', async () => {
    seed(999);
    const printed = await cli(['export', '--format', 'qbo3']);
    expect(printed.code).toBe(2);
    expect(printed.stdout).toBe('');
    expect(printed.stderr).toContain('2 files of at most 1,000 rows');
    expect(printed.stderr).toContain('--out FILE');

    const out = tmp.file('statement.csv');
    const run = await cli(['export', '--format', 'qbo3', '--out', out]);
    expect(run.code).toBe(0);
    expect(existsSync(out)).toBe(false);
    const first = parseCsv(readFileSync(tmp.file('statement-1.csv'), 'utf8'));
    const second = parseCsv(readFileSync(tmp.file('statement-2.csv'), 'utf8'));
    expect(first[0]).toEqual(['Date', 'Description', 'Amount']);
    expect([first.length - 1, second.length - 1]).toEqual([1000, 1]);
    expect(run.stderr).toContain('Wrote 1001 rows of fulfillments in 2 files');
    expect(run.stderr).toContain('statement-2.csv: 1 row');
  }, 120_000);

  it("reads --from/--to as this computer's days and dates the lines in them; --utc keeps UTC days", async () => {
    seedCliLedger(tmp.path, ({ store, accountId }) => {
      const sale = (sessionId: number, paidAt: string) =>
        recordWebhookSale(store, accountId, {
          sessionId,
          paidAt,
          receivedAt: paidAt,
          amount: 500,
          name: `Buyer ${sessionId}`,
        });
      sale(501, '2026-11-30T04:00:00.000Z'); // 23:00 on 29 November in New York
      sale(502, '2026-11-30T12:00:00.000Z');
      sale(503, '2026-12-01T03:00:00.000Z'); // 22:00 on 30 November in New York
    });
    const inNewYork = (args: string[]) =>
      runCli(['--data-dir', tmp.path, ...args], {
        env: bareEnv(tmp.path, { TZ: 'America/New_York' }),
        timeoutMs: 60_000,
      });
    const day = ['export', '--format', 'xero', '--from', '2026-11-30', '--to', '2026-11-30'];
    const lines = (run: Finished) =>
      parseCsv(`${run.stdout.replace(/\n$/, '')}\r\n`)
        .slice(1)
        .map((row) => [row[0], row[4]]);
    const local = await inNewYork(day);
    expect(local.stderr).toBe('');
    expect(lines(local)).toEqual([
      ['2026-11-30', 'pi_503 session 503'],
      ['2026-11-30', 'pi_502 session 502'],
    ]);
    const utc = await inNewYork(['--utc', ...day]);
    expect(lines(utc)).toEqual([
      ['2026-11-30', 'pi_502 session 502'],
      ['2026-11-30', 'pi_501 session 501'],
    ]);
  }, 120_000);

  it('refuses a day that is not YYYY-MM-DD and a format it does not know', async () => {
    const day = await cli(['export', '--format', 'xero', '--from', '30/11/2026']);
    expect(day.code).toBe(2);
    expect(day.stderr).toContain('--from takes a day as YYYY-MM-DD');
    const format = await cli(['export', '--what', 'fulfillments', '--format', 'ods']);
    expect(format.code).toBe(2);
    expect(format.stderr).toContain('use csv, csv-excel, xero, qbo3, qbo4');
  }, 120_000);
});
