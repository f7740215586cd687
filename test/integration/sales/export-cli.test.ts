// `checkout-console export` as a merchant runs it: a real process over a real data folder.
import { readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../../main/console';
import { runCli, type Finished } from '../../support/run-process';
import { UNKNOWN_CUSTOMER } from '../../support/sale-fixtures';
import { useTempDir } from '../../support/temp-dir';
import { openStoreWithAccount } from '../../support/test-store';
import { seedSales } from './generate';
import { csvRecords } from './parse-csv';

const tmp = useTempDir();

function cli(args: string[]): Promise<Finished> {
  return runCli(['--data-dir', tmp.path, ...args], {
    env: { PATH: process.env.PATH, HOME: tmp.path },
    timeoutMs: 60_000,
  });
}

function seed(): void {
  const { store, accountId } = openStoreWithAccount(tmp.file(DATABASE_FILE), {
    name: 'acme',
    apiUrl: 'https://acme.quadernoapp.com/api/',
    kind: 'test',
  });
  try {
    store.accounts.setActive(accountId);
    seedSales(store.file, accountId, 3, new Date('2026-11-28T10:00:00.000Z'));
    store.sessions.upsert(
      accountId,
      {
        id: 77,
        status: 'pending',
        permalink: 'https://acme.quadernoapp.com/checkout/session/ab',
        customer: { ...UNKNOWN_CUSTOMER, email: 'jane@example.com' },
        items: [
          {
            product: 'prod_unicorn',
            name: 'Unicorn',
            quantity: 2,
            unitAmount: 1500,
            currency: 'EUR',
          },
        ],
        total: 3000,
        currency: 'EUR',
        metadata: {},
        fingerprint: null,
        createdAt: '2026-11-28T09:00:00.000Z',
      },
      { origin: 'console' },
    );
  } finally {
    store.close();
  }
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
