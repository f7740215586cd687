// The API key is read from the keychain once per account: the connectivity probe, sync, links
// and the connection check all ask for the client, and a keychain that hangs must not be asked
// each time. A key Quaderno refuses is read again, since another process may have stored a new one.
import { describe, expect, it } from 'vitest';
import { keychainName } from '../../../main/accounts';
import { createConsole } from '../../../main/console';
import { startSandbox } from '../../../main/sandbox';
import { createMemorySecrets, type SecretStore } from '../../../main/secrets';
import { useCleanups } from '../../support/cleanups';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir();
const { closing } = useCleanups();

/** Memory secrets that count the reads of each name. */
function countingSecrets(): SecretStore & { reads: (name: string) => number } {
  const inner = createMemorySecrets();
  const reads = new Map<string, number>();
  return {
    get: async (name) => {
      reads.set(name, (reads.get(name) ?? 0) + 1);
      return inner.get(name);
    },
    set: inner.set,
    delete: inner.delete,
    reads: (name) => reads.get(name) ?? 0,
  };
}

const openConsole = async (secrets: SecretStore) =>
  createConsole({ dataDir: tmp.path, secrets, env: {}, live: { autoStart: false } });

describe('the API key of an account', () => {
  it('is read from the keychain once, however many calls use the account', async () => {
    const sandbox = closing(await startSandbox());
    const secrets = countingSecrets();
    const adding = await openConsole(secrets);
    await adding.invoke('accounts.add', { account: sandbox.apiUrl, apiKey: sandbox.apiKey });
    await adding.close();

    const cc = closing(await openConsole(secrets));
    const before = secrets.reads(keychainName(sandbox.apiUrl));
    await cc.invoke('products.sync', {});
    await cc.invoke('products.sync', {});
    await cc.invoke('products.sync', {});

    expect(secrets.reads(keychainName(sandbox.apiUrl)) - before).toBe(1);
  });

  it('is read again after Quaderno refused it, so a key stored meanwhile is used', async () => {
    const sandbox = closing(await startSandbox());
    const secrets = countingSecrets();
    const adding = await openConsole(secrets);
    await adding.invoke('accounts.add', { account: sandbox.apiUrl, apiKey: sandbox.apiKey });
    await adding.close();
    await secrets.set(keychainName(sandbox.apiUrl), 'sk_test_revoked');

    const cc = closing(await openConsole(secrets));
    expect(await cc.call('products.sync', {})).toMatchObject({
      ok: false,
      error: { code: 'unauthorized' },
    });
    // As `checkout-console login` in another terminal stores the right key.
    await secrets.set(keychainName(sandbox.apiUrl), sandbox.apiKey);

    expect(await cc.call('products.sync', {})).toMatchObject({ ok: true });
  });
});
