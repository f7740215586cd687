import Database from 'better-sqlite3';
import { readFileSync, readdirSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createConsole, DATABASE_FILE, type CheckoutConsole } from '../../../main/console';
import { startSandbox, type Sandbox } from '../../../main/sandbox';
import { createMemorySecrets, type SecretStore } from '../../../main/secrets';
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
    const info = await cc.invoke('app.info', {});
    expect(info).toMatchObject({ mode: 'none', activeAccount: null, version: '9.9.9' });
  });

  it('adds an account after verifying the key live, keeps the key in the keychain only, and syncs products', async () => {
    const cc = await makeConsole();
    const events: unknown[] = [];
    cc.on('accounts.changed', (e) => events.push(e));
    const account = await cc.invoke('accounts.add', {
      account: sandbox.apiUrl,
      apiKey: sandbox.apiKey,
    });
    expect(account).toMatchObject({ name: sandbox.accountName, kind: 'test', active: true });
    expect(await secrets.get(`api-key:${sandbox.apiUrl}`)).toBe(sandbox.apiKey);
    expect(events).toHaveLength(1);
    const products = await cc.invoke('products.list', {});
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
    expect(await cc.invoke('accounts.list', {})).toEqual([]);
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
    expect(await cc.invoke('accounts.list', {})).toEqual([]);
  });

  it('runs the built-in sandbox as an account that survives a restart', async () => {
    const cc = await makeConsole();
    const account = await cc.invoke('accounts.useSandbox', {});
    expect(account).toMatchObject({ kind: 'sandbox', active: true });
    const before = await cc.invoke('products.list', {});
    expect(before.length).toBeGreaterThan(3);
    await cc.close();

    const again = await makeConsole();
    const info = await again.invoke('app.info', {});
    expect(info.mode).toBe('sandbox');
    const synced = await again.invoke('products.sync', {});
    expect(synced.map((p) => p.code).sort()).toEqual(before.map((p) => p.code).sort());
  });

  it('switches between accounts and removes one together with its key', async () => {
    const cc = await makeConsole();
    const real = await cc.invoke('accounts.add', {
      account: sandbox.apiUrl,
      apiKey: sandbox.apiKey,
    });
    const demo = await cc.invoke('accounts.useSandbox', {});
    expect((await cc.invoke('app.info', {})).activeAccount?.id).toBe(demo.id);
    await cc.invoke('accounts.switch', { id: real.id });
    expect((await cc.invoke('app.info', {})).activeAccount?.id).toBe(real.id);
    await cc.invoke('accounts.remove', { id: real.id });
    expect(await secrets.get(`api-key:${sandbox.apiUrl}`)).toBeNull();
    const left = await cc.invoke('accounts.list', {});
    expect(left.map((a) => [a.id, a.active])).toEqual([[demo.id, true]]);
    const missing = await cc.call('accounts.switch', { id: real.id });
    expect(missing.ok ? null : missing.error.code).toBe('not_found');
  });

  it('uses CHECKOUT_CONSOLE_API_URL and _API_KEY without touching the keychain', async () => {
    const cc = await makeConsole({
      CHECKOUT_CONSOLE_API_URL: sandbox.apiUrl,
      CHECKOUT_CONSOLE_API_KEY: sandbox.apiKey,
    });
    const products = await cc.invoke('products.sync', {});
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
    await cc.invoke('accounts.add', { account: sandbox.apiUrl, apiKey: sandbox.apiKey });
    await sandbox.close();
    const sync = await cc.call('products.sync', {});
    expect(sync.ok ? null : sync.error.code).toBe('offline');
    expect((await cc.invoke('products.list', {})).length).toBeGreaterThan(0);
    sandbox = await startSandbox();
  });
});

describe('settings', () => {
  it('returns defaults, saves a partial update, and refuses a bad URL naming the field', async () => {
    const cc = await makeConsole();
    const defaults = await cc.invoke('settings.get', {});
    expect(defaults.locale).toBe('auto');
    const saved = await cc.invoke('settings.update', {
      successUrl: 'https://shop.example/thanks',
      locale: 'es',
    });
    expect(saved).toMatchObject({ successUrl: 'https://shop.example/thanks', locale: 'es' });
    const bad = await cc.call('settings.update', { cancelUrl: 'javascript:alert(1)' });
    expect(bad.ok ? null : bad.error.fields?.cancelUrl).toMatch(/http/);
    expect((await cc.invoke('settings.get', {})).successUrl).toBe('https://shop.example/thanks');
  });
});
