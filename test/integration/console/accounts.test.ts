import Database from 'better-sqlite3';
import { readFileSync, readdirSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createConsole, DATABASE_FILE, type CheckoutConsole } from '../../../main/console';
import { startSandbox, type Sandbox } from '../../../main/sandbox';
import { createMemorySecrets, type SecretStore } from '../../../main/secrets';
import type { Account, AppInfo, Envelope, Product, Settings } from '../../../preload/contract';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir();
let sandbox: Sandbox;
let secrets: SecretStore;
const open: CheckoutConsole[] = [];

async function makeConsole(env: NodeJS.ProcessEnv = {}): Promise<CheckoutConsole> {
  const cc = await createConsole({ dataDir: tmp.path, secrets, env, version: '9.9.9' });
  open.push(cc);
  return cc;
}

function value<T>(envelope: Envelope<unknown>): T {
  if (!envelope.ok) throw new Error(`${envelope.error.code}: ${envelope.error.message}`);
  return envelope.value as T;
}

beforeEach(async () => {
  sandbox = await startSandbox();
  secrets = createMemorySecrets();
});
afterEach(async () => {
  for (const cc of open.splice(0)) await cc.close();
  await sandbox.close();
});

describe('accounts', () => {
  it('starts with no account, so the app shows onboarding', async () => {
    const cc = await makeConsole();
    const info = value<AppInfo>(await cc.call('app.info', {}));
    expect(info).toMatchObject({ mode: 'none', activeAccount: null, version: '9.9.9' });
  });

  it('adds an account after verifying the key live, keeps the key in the keychain only, and syncs products', async () => {
    const cc = await makeConsole();
    const events: unknown[] = [];
    cc.on('accounts.changed', (e) => events.push(e));
    const account = value<Account>(
      await cc.call('accounts.add', { account: sandbox.apiUrl, apiKey: sandbox.apiKey }),
    );
    expect(account).toMatchObject({ name: sandbox.accountName, kind: 'test', active: true });
    expect(await secrets.get(`api-key:${sandbox.apiUrl}`)).toBe(sandbox.apiKey);
    expect(events).toHaveLength(1);
    const products = value<Product[]>(await cc.call('products.list', {}));
    expect(products.map((p) => p.currency)).toEqual(expect.arrayContaining(['EUR', 'USD', 'JPY']));
    const yen = products.find((p) => p.currency === 'JPY');
    expect(Number.isInteger(yen?.unitAmount)).toBe(true);
    await cc.close();
    for (const name of readdirSync(tmp.path)) {
      if (!name.startsWith(DATABASE_FILE)) continue;
      expect(readFileSync(tmp.file(name)).includes(sandbox.apiKey)).toBe(false);
    }
  });

  it('refuses a wrong key with the message on the key field and stores nothing', async () => {
    const cc = await makeConsole();
    const result = await cc.call('accounts.add', {
      account: sandbox.apiUrl,
      apiKey: 'sk_test_wrong',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('unauthorized');
    expect(result.error.fields?.apiKey).toMatch(/API key/);
    expect(value<Account[]>(await cc.call('accounts.list', {}))).toEqual([]);
    expect(await secrets.get(`api-key:${sandbox.apiUrl}`)).toBeNull();
  });

  it('refuses an account URL that is not Quaderno with a message on the account field', async () => {
    const cc = await makeConsole();
    const result = await cc.call('accounts.add', { account: 'ftp://nope', apiKey: 'sk_test_abc' });
    expect(result.ok ? null : result.error.fields?.account).toBeTruthy();
  });

  it('says the keychain is unavailable instead of storing the key anywhere else', async () => {
    secrets = {
      get: async () => null,
      delete: async () => false,
      set: async () => {
        const { ConsoleError } = await import('../../../main/errors');
        throw new ConsoleError('keychain_unavailable', 'The system keychain is not available.');
      },
    };
    const cc = await makeConsole();
    const result = await cc.call('accounts.add', {
      account: sandbox.apiUrl,
      apiKey: sandbox.apiKey,
    });
    expect(result.ok ? null : result.error.code).toBe('keychain_unavailable');
    expect(value<Account[]>(await cc.call('accounts.list', {}))).toEqual([]);
  });

  it('runs the built-in sandbox as an account that survives a restart', async () => {
    const cc = await makeConsole();
    const account = value<Account>(await cc.call('accounts.useSandbox', {}));
    expect(account).toMatchObject({ kind: 'sandbox', active: true });
    const before = value<Product[]>(await cc.call('products.list', {}));
    expect(before.length).toBeGreaterThan(3);
    await cc.close();

    const again = await makeConsole();
    const info = value<AppInfo>(await again.call('app.info', {}));
    expect(info.mode).toBe('sandbox');
    const synced = value<Product[]>(await again.call('products.sync', {}));
    expect(synced.map((p) => p.code).sort()).toEqual(before.map((p) => p.code).sort());
  });

  it('switches between accounts and removes one together with its key', async () => {
    const cc = await makeConsole();
    const real = value<Account>(
      await cc.call('accounts.add', { account: sandbox.apiUrl, apiKey: sandbox.apiKey }),
    );
    const demo = value<Account>(await cc.call('accounts.useSandbox', {}));
    expect(value<AppInfo>(await cc.call('app.info', {})).activeAccount?.id).toBe(demo.id);
    value(await cc.call('accounts.switch', { id: real.id }));
    expect(value<AppInfo>(await cc.call('app.info', {})).activeAccount?.id).toBe(real.id);
    value(await cc.call('accounts.remove', { id: real.id }));
    expect(await secrets.get(`api-key:${sandbox.apiUrl}`)).toBeNull();
    const left = value<Account[]>(await cc.call('accounts.list', {}));
    expect(left.map((a) => [a.id, a.active])).toEqual([[demo.id, true]]);
    const missing = await cc.call('accounts.switch', { id: real.id });
    expect(missing.ok ? null : missing.error.code).toBe('not_found');
  });

  it('uses CHECKOUT_CONSOLE_API_URL and _API_KEY without touching the keychain', async () => {
    const cc = await makeConsole({
      CHECKOUT_CONSOLE_API_URL: sandbox.apiUrl,
      CHECKOUT_CONSOLE_API_KEY: sandbox.apiKey,
    });
    const products = value<Product[]>(await cc.call('products.sync', {}));
    expect(products.length).toBeGreaterThan(0);
    expect(await secrets.get(`api-key:${sandbox.apiUrl}`)).toBeNull();
    await cc.close();
    const db = new Database(tmp.file(DATABASE_FILE), { readonly: true });
    expect(JSON.stringify(db.prepare('select * from accounts').all())).not.toContain(
      sandbox.apiKey,
    );
    db.close();
  });

  it('keeps the stored catalogue readable when Quaderno is unreachable', async () => {
    const cc = await makeConsole();
    value(await cc.call('accounts.add', { account: sandbox.apiUrl, apiKey: sandbox.apiKey }));
    await sandbox.close();
    const sync = await cc.call('products.sync', {});
    expect(sync.ok ? null : sync.error.code).toBe('offline');
    expect(value<Product[]>(await cc.call('products.list', {})).length).toBeGreaterThan(0);
    sandbox = await startSandbox();
  });
});

describe('settings', () => {
  it('returns defaults, saves a partial update, and refuses a bad URL naming the field', async () => {
    const cc = await makeConsole();
    const defaults = value<Settings>(await cc.call('settings.get', {}));
    expect(defaults.locale).toBe('auto');
    const saved = value<Settings>(
      await cc.call('settings.update', { successUrl: 'https://shop.example/thanks', locale: 'es' }),
    );
    expect(saved).toMatchObject({ successUrl: 'https://shop.example/thanks', locale: 'es' });
    const bad = await cc.call('settings.update', { cancelUrl: 'javascript:alert(1)' });
    expect(bad.ok ? null : bad.error.fields?.cancelUrl).toMatch(/http/);
    expect(value<Settings>(await cc.call('settings.get', {})).successUrl).toBe(
      'https://shop.example/thanks',
    );
  });
});
