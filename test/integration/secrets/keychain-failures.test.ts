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

/** A keytar whose calls hang until the test answers them, counting the calls it was given. */
function heldKeytar(): KeytarLike & { started: string[]; answer(value: string | null): void } {
  const pending: Array<(value: string | null) => void> = [];
  const started: string[] = [];
  const hold = (what: string) =>
    new Promise<string | null>((resolve) => {
      started.push(what);
      pending.push(resolve);
    });
  return {
    started,
    answer: (value) => pending.shift()?.(value),
    getPassword: (_, account) => hold(`get ${account}`),
    setPassword: async (_, account) => void (await hold(`set ${account}`)),
    deletePassword: async (_, account) => (await hold(`delete ${account}`)) !== null,
  };
}

// A native keytar call that timed out still holds one of libuv's four threads, which file
// access and DNS share: the keychain must never hold more than one.
describe('createKeychain with a keychain that stops answering', () => {
  it('starts no second native call while one hangs past its time, and refuses at once meanwhile', async () => {
    const fake = heldKeytar();
    const keychain = createKeychain({ timeoutMs: 200, load: async () => fake });

    const first = keychain.get('api-key:1');
    const queued = keychain.get('api-key:2');
    await expect(first).rejects.toMatchObject({ code: 'keychain_timeout' });
    await expect(queued).rejects.toMatchObject({ code: 'keychain_timeout' });

    const before = Date.now();
    for (let i = 0; i < 4; i++) {
      await expect(keychain.get(`api-key:${i}`)).rejects.toMatchObject({
        code: 'keychain_timeout',
        message: expect.stringMatching(/has not answered an earlier request.*unlock it/),
      });
    }
    await expect(keychain.delete('api-key:1')).rejects.toMatchObject({ code: 'keychain_timeout' });
    // Refused without waiting: each would otherwise take its own 200 ms.
    expect(Date.now() - before).toBeLessThan(200);
    expect(fake.started).toEqual(['get api-key:1']);
  });

  it('asks again once the hung call has answered', async () => {
    const fake = heldKeytar();
    const keychain = createKeychain({ timeoutMs: 50, load: async () => fake });
    await expect(keychain.get('api-key:1')).rejects.toMatchObject({ code: 'keychain_timeout' });

    fake.answer('sk_test_late');
    await new Promise((resolve) => setImmediate(resolve));
    const again = keychain.get('api-key:1');
    await expect.poll(() => fake.started).toEqual(['get api-key:1', 'get api-key:1']);
    fake.answer('sk_test_now');
    expect(await again).toBe('sk_test_now');
  });

  it('runs calls made together one after another while each answers in time', async () => {
    const fake = recordingKeytar();
    let inFlight = 0;
    let most = 0;
    const slow: KeytarLike = {
      ...fake,
      getPassword: async (service, account) => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight -= 1;
        return fake.getPassword(service, account);
      },
    };
    const keychain = createKeychain({ timeoutMs: 1000, load: async () => slow });
    await keychain.set('k', 'v');
    const values = await Promise.all([1, 2, 3, 4, 5].map(() => keychain.get('k')));
    expect(values).toEqual(['v', 'v', 'v', 'v', 'v']);
    expect(most).toBe(1);
  });
});
