// `checkout-console export` as a merchant runs it: a real process over a real data folder.
import { existsSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCliOver, seedCliLedger } from '../../support/cli-ledger';
import { linkSession } from '../../support/link-fixture';
import type { Finished } from '../../support/run-process';
import { useTempDir } from '../../support/temp-dir';
import { seedSales } from './generate';
import { csvRecords } from './parse-csv';

const tmp = useTempDir();

const cli = (args: string[]): Promise<Finished> => runCliOver(tmp.path, args);
const DB = () => tmp.file('checkout-console.sqlite');

/** How many links the ledger holds, read back through the CLI: the database is still whole. */
async function linksListed(): Promise<number> {
  const run = await cli(['links', '--json']);
  expect(run.stderr).toBe('');
  return (JSON.parse(run.stdout) as unknown[]).length;
}

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

describe('checkout-console export --out over a file that is there', () => {
  it('refuses the live database, its -wal and a symlink to either, even with --force', async () => {
    seed();
    const before = readFileSync(DB());
    symlinkSync(DB(), tmp.file('ledger.csv'));
    symlinkSync(`${DB()}-wal`, tmp.file('wal.csv')); // dangling: no -wal while nothing is open
    for (const out of [DB(), `${DB()}-wal`, tmp.file('ledger.csv'), tmp.file('wal.csv')]) {
      const run = await cli(['export', '--what', 'links', '--out', out, '--force']);
      expect(run.code, out).toBe(1);
      expect(run.stderr).toContain("is the console's live database");
    }
    expect(readFileSync(DB()).equals(before)).toBe(true);
    expect(existsSync(`${DB()}-wal`)).toBe(false);
    expect(await linksListed()).toBe(1);
  }, 120_000);

  it('keeps an existing file unless --force, then replaces it', async () => {
    seed();
    const out = tmp.file('links.csv');
    writeFileSync(out, 'last month’s export\r\n');
    const kept = await cli(['export', '--what', 'links', '--out', out]);
    expect(kept.code).toBe(1);
    expect(kept.stderr).toContain(`${out} already exists. Choose another file, or add --force`);
    expect(readFileSync(out, 'utf8')).toBe('last month’s export\r\n');

    const replaced = await cli(['export', '--what', 'links', '--out', out, '--force']);
    expect(replaced.stderr).toContain('Wrote 1 row of links');
    expect(replaced.code).toBe(0);
    expect(csvRecords(readFileSync(out, 'utf8'))).toHaveLength(1);
  }, 120_000);
});
