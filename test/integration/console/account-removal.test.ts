// Removing an account takes everything keyed by its id with it, and its id is never handed out
// again: a later account must not inherit the old receiver token (a webhook URL that another
// Quaderno account may still post to) or the old link doubts.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createConsole, DATABASE_FILE, type CheckoutConsole } from '../../../main/console';
import { startSandbox, type Sandbox } from '../../../main/sandbox';
import { createMemorySecrets } from '../../../main/secrets';
import { openStore, type Store } from '../../../main/store';
import type { Account } from '../../../preload/contract';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir('cc-account-removal-');
let sandbox: Sandbox;
let cc: CheckoutConsole | undefined;
let reader: Store | undefined;

beforeEach(async () => {
  sandbox = await startSandbox();
});
afterEach(async () => {
  reader?.close();
  await cc?.close();
  cc = undefined;
  reader = undefined;
  await sandbox.close();
});

function rowsFor(store: Store, id: number): string[] {
  return Object.keys(store.settings.all()).filter(
    (key) => key === `live.receiverToken.${id}` || key.startsWith(`doubt:link:${id}:`),
  );
}

const tokenOf = (store: Store, id: number): unknown =>
  store.settings.all()[`live.receiverToken.${id}`];

/** Adds the sandbox as an account and waits until the receiver has stored a token for it. */
async function addSandboxAccount(console: CheckoutConsole, store: Store): Promise<Account> {
  const account = await console.invoke('accounts.add', {
    account: sandbox.apiUrl,
    apiKey: sandbox.apiKey,
  });
  await expect.poll(() => typeof tokenOf(store, account.id), { timeout: 15_000 }).toBe('string');
  return account;
}

describe('removing an account', () => {
  it('deletes its receiver token and link doubts, and a later account gets a new id and token', async () => {
    cc = await createConsole({ dataDir: tmp.path, secrets: createMemorySecrets(), env: {} });
    reader = openStore(join(tmp.path, DATABASE_FILE));
    const first = await addSandboxAccount(cc, reader);
    reader.settings.set(`doubt:link:${first.id}:fingerprint`, { at: '2026-11-29T10:00:00Z' });
    const firstToken = tokenOf(reader, first.id);
    expect(rowsFor(reader, first.id)).toHaveLength(2);

    await cc.invoke('accounts.remove', { id: first.id });
    expect(rowsFor(reader, first.id)).toEqual([]);

    const second = await addSandboxAccount(cc, reader);
    expect(second.id).not.toBe(first.id);
    expect(rowsFor(reader, first.id)).toEqual([]);
    expect(tokenOf(reader, second.id)).not.toBe(firstToken);
  });
});

describe('removing an account with delivery set up', () => {
  it('takes its mail server settings, SMTP password and forward secrets with it', async () => {
    const secrets = createMemorySecrets();
    cc = await createConsole({ dataDir: tmp.path, secrets, env: {} });
    reader = openStore(join(tmp.path, DATABASE_FILE));
    const account = await addSandboxAccount(cc, reader);
    await cc.invoke('smtp.set', {
      host: '127.0.0.1',
      port: 2525,
      security: 'none',
      user: 'shop',
      from: 'shop@example.com',
      password: 'smtp-password-123',
    });
    const rule = await cc.invoke('rules.add', {
      name: 'Shop',
      action: { kind: 'forward', url: 'https://shop.example/hook' },
      secret: 'forward-secret-0123456789',
    });
    const names = [`smtp-password:${account.id}`, `forward-secret:${account.id}:${rule.id}`];
    expect(await Promise.all(names.map((n) => secrets.get(n)))).not.toContain(null);

    await cc.invoke('accounts.remove', { id: account.id });
    expect(await Promise.all(names.map((n) => secrets.get(n)))).toEqual([null, null]);
    expect(Object.keys(reader.settings.all())).not.toContain(`smtp:${account.id}`);
  });
});
