// Failure paths that a real keychain cannot be made to produce on demand: a hang, a module that
// will not load. The fakes have keytar's exact shape.
import { describe, expect, it } from 'vitest';
import { createKeychain, type KeytarLike } from '../../../main/secrets';
import { keychainTimedOut } from '../../../main/secrets/keychain-errors';

const never = <T>(): Promise<T> => new Promise<T>(() => {});

const hangingKeytar: KeytarLike = {
  getPassword: () => never(),
  setPassword: () => never(),
  deletePassword: () => never(),
};

function recordingKeytar(): KeytarLike & { calls: string[] } {
  const entries = new Map<string, string>();
  const calls: string[] = [];
  return {
    calls,
    getPassword: async (service, account) => {
      calls.push(`get ${service}/${account}`);
      return entries.get(`${service}/${account}`) ?? null;
    },
    setPassword: async (service, account, password) => {
      calls.push(`set ${service}/${account}`);
      entries.set(`${service}/${account}`, password);
    },
    deletePassword: async (service, account) => {
      calls.push(`delete ${service}/${account}`);
      return entries.delete(`${service}/${account}`);
    },
  };
}

describe('createKeychain failure handling', () => {
  it('gives up on a keychain that never answers, telling the merchant to unlock it', async () => {
    const keychain = createKeychain({ timeoutMs: 50, load: async () => hangingKeytar });
    await expect(keychain.get('api-key:1')).rejects.toMatchObject({
      code: 'keychain_timeout',
      message:
        'The system keychain did not answer within 50 ms. It may be locked: unlock it and try again.',
    });
    await expect(keychain.set('api-key:1', 'sk_test_x')).rejects.toMatchObject({
      code: 'keychain_timeout',
    });
    await expect(keychain.delete('api-key:1')).rejects.toMatchObject({ code: 'keychain_timeout' });
  });

  it('words the default five-second timeout in seconds', () => {
    expect(keychainTimedOut(5000).message).toBe(
      'The system keychain did not answer within 5 s. It may be locked: unlock it and try again.',
    );
  });

  it('reports a native module that fails to load as unavailable, with the fix', async () => {
    const keychain = createKeychain({
      load: async () => {
        throw new Error(
          'libsecret-1.so.0: cannot open shared object file: No such file or directory',
        );
      },
    });
    const failure = keychain.get('api-key:1');
    await expect(failure).rejects.toMatchObject({ code: 'keychain_unavailable' });
    await expect(failure).rejects.toThrow(/libsecret-1\.so\.0/);
    await expect(failure).rejects.toThrow(/CHECKOUT_CONSOLE_API_URL and CHECKOUT_CONSOLE_API_KEY/);
  });

  it('treats a loader that throws outright like one that rejects', async () => {
    const keychain = createKeychain({
      load: () => {
        throw new Error('Cannot find module keytar');
      },
    });
    await expect(keychain.delete('api-key:1')).rejects.toMatchObject({
      code: 'keychain_unavailable',
    });
  });

  it('tries loading again on the next call after a failed load', async () => {
    let attempts = 0;
    const fake = recordingKeytar();
    const keychain = createKeychain({
      load: async () => {
        attempts += 1;
        if (attempts === 1) throw new Error('not yet');
        return fake;
      },
    });
    await expect(keychain.get('k')).rejects.toMatchObject({ code: 'keychain_unavailable' });
    await keychain.set('k', 'v');
    expect(await keychain.get('k')).toBe('v');
    expect(attempts).toBe(2);
  });

  it('does not load the native module until a secret is needed', async () => {
    let loads = 0;
    const keychain = createKeychain({
      load: async () => {
        loads += 1;
        return recordingKeytar();
      },
    });
    expect(loads).toBe(0);
    await keychain.get('k');
    await keychain.get('k');
    expect(loads).toBe(1);
  });

  it('files every secret under the checkout-console service by default', async () => {
    const fake = recordingKeytar();
    const keychain = createKeychain({ load: async () => fake });
    await keychain.set('api-key:3', 'sk_live_abc');
    await keychain.delete('api-key:3');
    expect(fake.calls).toEqual([
      'set checkout-console/api-key:3',
      'delete checkout-console/api-key:3',
    ]);
  });

  it('maps a missing Secret Service to unavailable, never to a silent success', async () => {
    const fake: KeytarLike = {
      ...recordingKeytar(),
      getPassword: async () => {
        throw new Error('The name org.freedesktop.secrets was not provided by any .service files');
      },
    };
    const keychain = createKeychain({ load: async () => fake });
    await expect(keychain.get('api-key:1')).rejects.toMatchObject({
      code: 'keychain_unavailable',
      message: expect.stringMatching(/gnome-keyring or KWallet/),
    });
  });

  it('refuses to store an empty secret', async () => {
    const fake = recordingKeytar();
    const keychain = createKeychain({ load: async () => fake });
    await expect(keychain.set('api-key:1', '')).rejects.toMatchObject({ code: 'invalid_input' });
    expect(fake.calls).toEqual([]);
  });
});
