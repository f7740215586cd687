// `checkout-console keys add` for a product whose sales stopped for want of its keys: the CLI's
// console runs no worker, so it says they are queued again for a running app or `listen`, never
// that they went out; `--json` counts them, and Activity gets the same line the app writes.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LicenceKeyPool } from '../../../preload/contract-delivery';
import { DATABASE_FILE } from '../../../main/console';
import { openStore } from '../../../main/store';
import { useCleanups } from '../../support/cleanups';
import { startSandboxCli } from '../../support/sandbox-cli';
import { useTempDir } from '../../support/temp-dir';
import { fastClient, productCode, sessions } from '../sync/helpers';

const tmp = useTempDir('cc-cli-keys-waiting-');
const cleanups = useCleanups();

const setUp = () => startSandboxCli(tmp, cleanups, { COLUMNS: '100' });

/**
 * What a worker does on finding the pool empty: each pending job's try ends needing attention,
 * waiting for `code`'s keys. Returns the account's id.
 */
function stopJobsForWantOfKeys(code: string): number {
  const store = openStore(join(tmp.path, DATABASE_FILE));
  try {
    for (;;) {
      const claimed = store.deliveryJobs.claim(Date.now(), 45_000, ['email']);
      if (!claimed) break;
      store.deliveryJobs.failedTry(claimed, `No licence key left for ${code}`, null, {
        waitingForKeys: [code],
        // More than any pool here holds: the end keeps the job waiting (with the sale's true
        // count of 1, a free key would send it straight back and this loop would never end).
        keysMissing: new Map([[code, 1000]]),
      });
    }
    const account = store.accounts.active();
    if (!account) throw new Error('no active account');
    return account.id;
  } finally {
    store.close();
  }
}

function activityLines(accountId: number): string[] {
  const store = openStore(join(tmp.path, DATABASE_FILE));
  try {
    return store.activity.list(accountId, { limit: 50, offset: 0 }).items.map((i) => i.message);
  } finally {
    store.close();
  }
}

describe('checkout-console keys add for sales waiting for keys', { timeout: 180_000 }, () => {
  it('says they are queued again for a running app or listen, and logs it in Activity', async () => {
    const { sandbox, cli } = await setUp();
    const client = fastClient(sandbox);
    const code = await productCode(client);
    const body = tmp.file('body.txt');
    writeFileSync(body, 'Your key: {licenceKey}');
    const rule = ['--name', 'Licence email', '--product', code, '--keys'];
    const email = ['--email', '--subject', 'Your key', '--body-file', body];
    expect((await cli(['rule', 'add', ...rule, ...email])).code).toBe(0);
    // The catalogue, as the app keeps it, names the product in what keys add says.
    expect((await cli(['products'])).code).toBe(0);
    await sessions(sandbox, 2);
    expect((await cli(['sync'])).code).toBe(0);
    const accountId = stopJobsForWantOfKeys(code);
    const pools = JSON.parse((await cli(['keys', '--json'])).stdout) as LicenceKeyPool[];
    expect(pools).toEqual([]);
    const name = (await client.listItems()).find((i) => i.code === code)?.name ?? '';
    const label = name === '' || name === code ? code : `${name} (${code})`;

    // This command runs no worker: they are queued again, not delivered.
    const queued = await cli(['keys', 'add', code], 'KEY-1\n');
    expect(queued.code).toBe(0);
    expect(queued.stdout.split('\n')).toEqual([
      `Added 1 key to ${code}; 1 free, 0 taken.`,
      `2 sales waiting for keys of ${label} are queued again: a running Checkout Console app or \`checkout-console listen\` tries them within seconds, and any still short of keys waits for more.`,
      '',
    ]);
    expect(activityLines(accountId)).toContain(
      `Keys added for ${label}: trying 2 waiting deliveries again`,
    );

    stopJobsForWantOfKeys(code);
    const json = await cli(['keys', 'add', code, '--json'], 'KEY-3\nKEY-1\n');
    expect(JSON.parse(json.stdout)).toMatchObject({
      added: 1,
      skipped: 1,
      pool: { productCode: code, free: 2, taken: 0 },
      waitingSales: 2,
    });

    // Keys added with nothing waiting say nothing more.
    const none = await cli(['keys', 'add', code, '--json'], 'KEY-4\n');
    expect(JSON.parse(none.stdout)).toMatchObject({ added: 1, waitingSales: 0 });
    expect((await cli(['keys', 'add', code], 'KEY-5\n')).stdout).toBe(
      `Added 1 key to ${code}; 4 free, 0 taken.\n`,
    );
  });

  it('says in keys add --help that waiting sales are tried again', async () => {
    const { cli } = await setUp();
    const help = (await cli(['keys', 'add', '--help'])).stdout.replace(/\s+/g, ' ');
    expect(help).toContain(
      'Sales whose delivery stopped because the product had no keys left are tried again once keys are added',
    );
    expect(help).toContain('"waitingSales": N');
  });
});
