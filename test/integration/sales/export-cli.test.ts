// `checkout-console export` as a merchant runs it: a real process over a real data folder.
import { readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCliOver, seedCliLedger } from '../../support/cli-ledger';
import { linkSession } from '../../support/link-fixture';
import type { Finished } from '../../support/run-process';
import { useTempDir } from '../../support/temp-dir';
import { seedSales } from './generate';
import { csvRecords } from './parse-csv';

const tmp = useTempDir();

const cli = (args: string[]): Promise<Finished> => runCliOver(tmp.path, args);

function seed(): void {
  seedCliLedger(tmp.path, ({ store, accountId }) => {
    seedSales(store.file, accountId, 3, new Date('2026-11-28T10:00:00.000Z'));
    store.sessions.upsert(accountId, linkSession(), { origin: 'console' });
  });
}

describe('checkout-console export', () => {
  it('prints the sales as CSV on stdout', async () => {
    seed();
    const run = await cli(['export', '--what', 'fulfillments', '--format', 'csv']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const records = csvRecords(run.stdout.replace(/\n$/, '\r\n'));
    expect(records.map((r) => [r.session_id, r.amount, r.currency])).toEqual([
      ['1000000', '15.00', 'EUR'],
      ['1000001', '15.01', 'USD'],
      ['1000002', '502', 'JPY'],
    ]);
  }, 90_000);

  it('writes the links to a file with --out and says where', async () => {
    seed();
    const out = tmp.file('links.csv');
    const run = await cli(['export', '--what', 'links', '--out', out]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('Wrote 1 row of links');
    const [link] = csvRecords(readFileSync(out, 'utf8'));
    expect(link).toMatchObject({
      session_id: '77',
      status: 'pending',
      customer_email: 'jane@example.com',
      products: '2 × Unicorn',
      total: '30.00',
      currency: 'EUR',
    });
    // Customer emails: readable by this user only, like the data folder.
    if (process.platform !== 'win32') expect(statSync(out).mode & 0o777).toBe(0o600);
  }, 90_000);

  it('explains the usage when --what is missing', async () => {
    const run = await cli(['export']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--what fulfillments or --what links');
  }, 90_000);
});
