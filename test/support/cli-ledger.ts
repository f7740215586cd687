// Seeding the data folder a CLI process will read: one active account, 'acme' (a test account
// no one calls: the commands under test read the ledger only), and whatever the test writes.
import { join } from 'node:path';
import { DATABASE_FILE } from '../../main/console';
import { bareEnv, runCli, type Finished } from './run-process';
import { openStoreWithAccount, type StoreWithAccount } from './test-store';

/** Opens `dataDir`'s database with the active account, runs `seed`, and closes it. */
export function seedCliLedger(dataDir: string, seed: (ledger: StoreWithAccount) => void): void {
  const ledger = openStoreWithAccount(join(dataDir, DATABASE_FILE), {
    name: 'acme',
    apiUrl: 'https://acme.quadernoapp.com/api/',
    kind: 'test',
  });
  try {
    ledger.store.accounts.setActive(ledger.accountId);
    seed(ledger);
  } finally {
    ledger.store.close();
  }
}

/** `checkout-console --data-dir DATADIR ARGS` in a bare shell whose HOME is that folder too. */
export function runCliOver(dataDir: string, args: string[]): Promise<Finished> {
  return runCli(['--data-dir', dataDir, ...args], { env: bareEnv(dataDir), timeoutMs: 60_000 });
}
