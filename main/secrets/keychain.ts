import { ConsoleError } from '../errors';
import {
  keychainFailed,
  keychainLoadFailed,
  keychainStillWaiting,
  keychainTimedOut,
} from './keychain-errors';
import type { KeytarLike, SecretStore } from './types';

export interface KeychainOptions {
  /** The service every secret is filed under; 'checkout-console'. */
  service?: string;
  /** Upper bound for each call, load included; a locked keyring can hang forever. */
  timeoutMs?: number;
  load?: () => Promise<KeytarLike>;
}

function isKeytarLike(value: unknown): value is KeytarLike {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.getPassword === 'function' &&
    typeof v.setPassword === 'function' &&
    typeof v.deletePassword === 'function'
  );
}

// Imported on first use, not at start-up: a machine without libsecret still opens the app and
// only fails when a key is actually needed. keytar is CommonJS, so its API sits on `default`.
async function loadKeytar(): Promise<KeytarLike> {
  const mod: unknown = await import('keytar');
  const candidate = typeof mod === 'object' && mod !== null && 'default' in mod ? mod.default : mod;
  if (!isKeytarLike(candidate)) throw new Error('keytar does not expose get/set/deletePassword');
  return candidate;
}

function checkName(name: string): void {
  if (typeof name !== 'string' || name.length === 0) {
    throw new ConsoleError('internal', 'A keychain entry needs a name.');
  }
}

export function createKeychain(options: KeychainOptions = {}): SecretStore {
  const service = options.service ?? 'checkout-console';
  const timeoutMs = options.timeoutMs ?? 5000;
  const load = options.load ?? loadKeytar;
  let loaded: Promise<KeytarLike> | undefined;

  const keytar = (): Promise<KeytarLike> => {
    // Promise.resolve().then: a loader that throws synchronously is handled like one that rejects.
    loaded ??= Promise.resolve()
      .then(load)
      .then((k: unknown) => {
        if (!isKeytarLike(k)) throw new Error('the keychain module lacks get/set/deletePassword');
        return k;
      })
      .catch((e: unknown) => {
        // Forget the failure so a later call can try again (e.g. after libsecret is installed).
        loaded = undefined;
        throw keychainLoadFailed(e);
      });
    return loaded;
  };

  // One native call at a time. A keytar call that times out is not stopped: it keeps one of
  // libuv's four shared threads until D-Bus gives up (~25 s), or for good while an unlock
  // prompt waits, and fs.promises and dns.lookup queue behind the threads it holds. So calls
  // wait their turn while the one running is within its time, and once it is past it (and not
  // yet settled) every call fails at once instead of taking another thread.
  const waiting: Array<{ start(): void; fail(e: unknown): void }> = [];
  let running = false;
  let stuck = false;

  const startNext = (): void => {
    if (running) return;
    const next = waiting.shift();
    if (!next) return;
    running = true;
    next.start();
  };

  function run<T>(op: (k: KeytarLike) => Promise<T>): Promise<T> {
    if (stuck) return Promise.reject(keychainStillWaiting(timeoutMs));
    return new Promise<T>((resolve, reject) => {
      let done = false;
      const finish = (settle: () => void): void => {
        if (done) return;
        done = true;
        clearTimeout(bound);
        settle();
      };
      const waiter = {
        start() {
          const overdue = setTimeout(() => {
            stuck = true;
            for (const w of waiting.splice(0)) w.fail(keychainStillWaiting(timeoutMs));
          }, timeoutMs);
          keytar()
            .then(async (k) => {
              try {
                return await op(k);
              } catch (e) {
                throw keychainFailed(e);
              }
            })
            .then(
              (value) => finish(() => resolve(value)),
              (e: unknown) => finish(() => reject(e)),
            )
            .finally(() => {
              clearTimeout(overdue);
              running = false;
              stuck = false;
              startNext();
            });
        },
        fail: (e: unknown) => finish(() => reject(e)),
      };
      // The caller's bound counts from its call, its wait for a turn included. A call that
      // times out may still finish later; its result is simply dropped.
      const bound = setTimeout(() => {
        const queued = waiting.indexOf(waiter);
        if (queued >= 0) waiting.splice(queued, 1);
        finish(() => reject(keychainTimedOut(timeoutMs)));
      }, timeoutMs);
      waiting.push(waiter);
      startNext();
    });
  }

  return {
    async get(name) {
      checkName(name);
      return run((k) => k.getPassword(service, name));
    },
    async set(name, value) {
      checkName(name);
      if (typeof value !== 'string' || value.length === 0) {
        throw new ConsoleError(
          'invalid_input',
          'An empty secret cannot be stored. Enter the key again.',
        );
      }
      await run((k) => k.setPassword(service, name, value));
    },
    async delete(name) {
      checkName(name);
      return run((k) => k.deletePassword(service, name));
    },
  };
}
