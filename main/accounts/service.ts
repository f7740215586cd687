// The accounts service: which Quaderno the console talks to, and with which key. Keys live
// in the OS keychain (or the environment for headless use), never in SQLite.
import { z } from 'zod';
import type { Account } from '../../preload/contract';
import { observeClient, wrapAsyncMethods } from '../connectivity';
import { secretNames } from '../delivery';
import { ConsoleError } from '../errors';
import {
  accountKindFromKey,
  createQuadernoClient,
  resolveApiUrl,
  type QuadernoClient,
  type QuadernoClientOptions,
  withCallOptions,
} from '../quaderno';
import { credentialsFromEnv, ENV_API_URL, type SecretStore } from '../secrets';
import { accountGone, type AccountRow, type Store } from '../store';
import { authKeyName } from '../webhooks';
import { keychainName } from './key-name';
import type { SandboxHost } from './sandbox-host';
import type { SandboxProfile } from '../sandbox';

const FROM_ENVIRONMENT = 'accounts.fromEnvironment';

// How long removing an account waits for Quaderno to delete this console's webhooks: one try
// (a dropped connection gets one more at once), so logging out of an unreachable Quaderno
// stays quick.
const WEBHOOK_REMOVAL_BOUND_MS = 5000;

export interface AccountsService {
  /** Applies the environment override and restarts the sandbox if it is the active account. */
  init(): Promise<void>;
  list(): Account[];
  active(): Account | null;
  add(input: { account: string; apiKey: string }): Promise<Account>;
  /** With `profile`, the built-in sandbox imitates that Quaderno from now on. */
  useSandbox(profile?: SandboxProfile): Promise<Account>;
  /**
   * `webhooksLeft`: this console's webhooks Quaderno could not be made to delete.
   * `secretsLeft`: the keychain entries (under the service checkout-console) the keychain did
   * not delete, for the merchant to delete by hand.
   */
  remove(id: number): Promise<{ webhooksLeft: number[]; secretsLeft: string[] }>;
  switchTo(id: number): Promise<Account>;
  /**
   * The API client for the active account; throws no_account when there is none. With
   * `fetch`, a fresh client that sends through it (the connection check watches raw answers).
   */
  activeClient(options?: {
    fetch?: typeof fetch;
  }): Promise<{ account: Account; client: QuadernoClient }>;
}

export interface AccountsDeps {
  store: Store;
  secrets: SecretStore;
  sandboxHost: SandboxHost;
  env: NodeJS.ProcessEnv;
  onChange: (accounts: Account[]) => void;
  createClient?: (options: QuadernoClientOptions) => QuadernoClient;
  /** Told the outcome of every API call (connectivity): null on success, the error otherwise. */
  observe?: (outcome: unknown) => void;
}

export function toAccount(row: AccountRow): Account {
  return {
    id: row.id,
    name: row.name,
    apiUrl: row.apiUrl,
    kind: row.kind,
    email: row.email,
    active: row.active,
    createdAt: row.createdAt,
  };
}

export function createAccounts(deps: AccountsDeps): AccountsService {
  const { store, secrets, sandboxHost } = deps;
  const makeClient = deps.createClient ?? createQuadernoClient;
  const clients = new Map<string, QuadernoClient>();
  // Keys supplied by the environment stay in memory only.
  const envKeys = new Map<string, string>();
  // Keys read from the keychain, by API URL, kept after the first read: the connectivity probe,
  // sync, links and the connection check each ask for the client, and a keychain that stops
  // answering must not be asked every time. Dropped when the account is added again (a new key),
  // removed, or when Quaderno refuses the key (another process may have stored a new one).
  const keptKeys = new Map<string, Promise<string | null>>();
  const forgetKey = (apiUrl: string): void => {
    keptKeys.delete(apiUrl);
  };
  const readStoredKey = (apiUrl: string): Promise<string | null> => {
    const kept = keptKeys.get(apiUrl);
    if (kept) return kept;
    const reading = secrets.get(keychainName(apiUrl));
    keptKeys.set(apiUrl, reading);
    // A failed or empty read is not kept: the next call asks the keychain again.
    const forgetUnless = (found: boolean) => {
      if (!found && keptKeys.get(apiUrl) === reading) keptKeys.delete(apiUrl);
    };
    reading.then(
      (key) => forgetUnless(key !== null),
      () => forgetUnless(false),
    );
    return reading;
  };

  const list = (): Account[] => store.accounts.list().map(toAccount);
  const changed = () => deps.onChange(list());

  // A key Quaderno refuses is read from the keychain again on the next call.
  const forgettingRefusedKey = (client: QuadernoClient, apiUrl: string): QuadernoClient =>
    wrapAsyncMethods(client, (result) =>
      result.catch((e: unknown) => {
        if (e instanceof ConsoleError && e.code === 'unauthorized') forgetKey(apiUrl);
        throw e;
      }),
    );

  function clientFor(apiUrl: string, apiKey: string): QuadernoClient {
    const cacheKey = `${apiUrl}\n${apiKey}`;
    let client = clients.get(cacheKey);
    if (!client) {
      client = forgettingRefusedKey(makeClient({ apiUrl, apiKey }), apiUrl);
      if (deps.observe) client = observeClient(client, deps.observe);
      clients.set(cacheKey, client);
    }
    return client;
  }

  async function keyFor(row: AccountRow): Promise<string> {
    if (row.kind === 'sandbox') return (await sandboxHost.ensure()).apiKey;
    const fromEnv = envKeys.get(row.apiUrl);
    if (fromEnv) return fromEnv;
    const stored = fromEnvironment().includes(row.apiUrl) ? null : await readStoredKey(row.apiUrl);
    if (!stored && fromEnvironment().includes(row.apiUrl)) {
      throw new ConsoleError(
        'unauthorized',
        `${row.name} was added from ${ENV_API_URL}, and its key is not set now. Set ` +
          `${ENV_API_URL} and CHECKOUT_CONSOLE_API_KEY again, or remove it with ` +
          `\`checkout-console logout --api-url ${row.name}\`.`,
      );
    }
    if (!stored) {
      throw new ConsoleError(
        'unauthorized',
        // Said for both: the app's window and the CLI share this service.
        `No API key is stored for ${row.name}. Remove the account and add it again: in the app, ` +
          `Settings › Accounts; on the command line, \`checkout-console logout --api-url ${row.name}\` ` +
          `then \`checkout-console login --api-url ${row.apiUrl}\`.`,
      );
    }
    return stored;
  }

  // Accounts whose key came from the environment: it never went to the keychain, so removing
  // them must not need one (a headless server has none).
  const fromEnvironment = (): string[] =>
    store.settings.get(FROM_ENVIRONMENT, z.array(z.string()), []);
  const markFromEnvironment = (apiUrl: string, on: boolean) => {
    const rest = fromEnvironment().filter((url) => url !== apiUrl);
    store.settings.set(FROM_ENVIRONMENT, on ? [...rest, apiUrl] : rest);
  };

  /**
   * Pings the environment's account before it is kept, so a typo never adds one for good
   * (docs/quaderno-api.md: GET /ping checks key and service, 200 {"status":"OK"}). Only a ping
   * answered with that body keeps it: an HTML page, a 503 or a timeout may be any server, and
   * the account is only remembered once; the next run with the variables set checks again.
   */
  async function checkEnvAccount(apiUrl: string, apiKey: string): Promise<void> {
    try {
      await makeClient({ apiUrl, apiKey, maxRetries: 0, maxServerWaitMs: 0 }).ping();
    } catch (e) {
      throw new ConsoleError(
        e instanceof ConsoleError ? e.code : 'offline',
        `${ENV_API_URL} (${apiUrl}) could not be used: ${e instanceof Error ? e.message : String(e)} Check ${ENV_API_URL} and ` +
          'CHECKOUT_CONSOLE_API_KEY; nothing was saved.',
        { cause: e },
      );
    }
  }

  async function syncSandboxAccount(): Promise<AccountRow> {
    const sandbox = await sandboxHost.ensure();
    const existing = store.accounts.list().find((a) => a.kind === 'sandbox');
    if (existing) {
      return existing.apiUrl === sandbox.apiUrl
        ? existing
        : store.accounts.update(existing.id, { apiUrl: sandbox.apiUrl });
    }
    return store.accounts.add({
      name: 'Built-in sandbox',
      apiUrl: sandbox.apiUrl,
      kind: 'sandbox',
      email: null,
      identityId: null,
    });
  }

  // The account's delivery secrets (SMTP password, forward rules' signing secrets) go with it. A
  // keychain that cannot be reached, or does not answer in time, leaves them behind rather than
  // keep the account.
  async function deleteDeliverySecrets(id: number, left: string[]): Promise<void> {
    const names = [
      secretNames.smtpPassword(id),
      ...store.deliveryRules
        .list(id)
        .filter((r) => r.action.kind === 'forward')
        .map((r) => secretNames.forwardSecret(id, r.id)),
    ];
    for (const name of names) {
      await secrets.delete(name).catch((e: unknown) => {
        const away =
          e instanceof ConsoleError &&
          (e.code === 'keychain_unavailable' || e.code === 'keychain_timeout');
        if (!away) throw e;
        noteLeft(left, name, e);
      });
    }
  }

  /**
   * Lists `name` among the secrets left behind after its delete failed with `e`. With no
   * keychain at all (no Secret Service: a headless machine) nothing was ever stored there, unless
   * `known` says it was (the API key just read from it): a machine that never had one is not told
   * to clean up what it does not hold.
   */
  function noteLeft(left: string[], name: string, e: unknown, known = false): void {
    const noKeychain = e instanceof ConsoleError && e.code === 'keychain_unavailable';
    if (known || !noKeychain) left.push(name);
  }

  // Once the account's row is gone, removing it has happened: a secret the keychain will not
  // delete now stays behind (under a name no account uses) rather than fail the removal, whose
  // caller still needs the webhooks left and the change.
  async function deleteLeftover(name: string, left: string[], known = false): Promise<void> {
    await secrets.delete(name).catch((e: unknown) => noteLeft(left, name, e, known));
  }

  /**
   * The webhooks this console made for the account go with it: Quaderno is asked to delete them
   * (one try each, all within one bound), and their auth keys leave the keychain whether it
   * answered or not. Returns the ids Quaderno may still have.
   */
  async function deleteWebhooks(
    row: AccountRow,
    apiKey: string | null,
    webhookIds: number[],
    secretsLeft: string[],
  ): Promise<number[]> {
    const left: number[] = [];
    const signal = AbortSignal.timeout(WEBHOOK_REMOVAL_BOUND_MS);
    const client =
      apiKey === null
        ? null
        : withCallOptions(makeClient({ apiUrl: row.apiUrl, apiKey }), () => ({
            signal,
            retry: 'none',
          }));
    // One try, and one more at once only when the connection failed before any answer: a
    // keep-alive socket the server had already closed fails once ("other side closed").
    const deleteAtQuaderno = async (c: QuadernoClient, webhookId: number): Promise<boolean> => {
      for (let tries = 0; ; tries++) {
        try {
          await c.deleteWebhook(webhookId);
          return true;
        } catch (e) {
          if (e instanceof ConsoleError && e.code === 'not_found') return true;
          const unreached = e instanceof ConsoleError && e.code === 'offline';
          if (!unreached || tries > 0 || signal.aborted) return false;
        }
      }
    };
    for (const webhookId of webhookIds) {
      // A sandbox account's webhook lives in the built-in sandbox, which goes with it.
      const deleted =
        row.kind === 'sandbox' || (client !== null && (await deleteAtQuaderno(client, webhookId)));
      if (!deleted) left.push(webhookId);
      await deleteLeftover(authKeyName(row.apiUrl, webhookId), secretsLeft);
    }
    return left;
  }

  return {
    async init() {
      const creds = credentialsFromEnv(deps.env);
      if (creds) {
        const apiUrl = resolveApiUrl(creds.apiUrl);
        let row = store.accounts.findByApiUrl(apiUrl);
        if (!row) {
          await checkEnvAccount(apiUrl, creds.apiKey);
          row = store.accounts.add({
            name: new URL(apiUrl).hostname,
            apiUrl,
            kind: accountKindFromKey(creds.apiKey),
            email: null,
            identityId: null,
          });
          markFromEnvironment(apiUrl, true);
        }
        envKeys.set(apiUrl, creds.apiKey);
        store.accounts.setActive(row.id);
      } else {
        // Accounts but none active (an older version's removal racing a switch could leave
        // them so) would show onboarding at every start.
        const active = store.accounts.keepOneActive();
        if (active?.kind === 'sandbox') await syncSandboxAccount();
      }
    },

    list,
    active() {
      const row = store.accounts.active();
      return row ? toAccount(row) : null;
    },

    async add(input) {
      const apiUrl = resolveApiUrl(input.account);
      // The merchant waits on the Connect form: what a live Quaderno answered (5xx, 429) is
      // tried again, a dropped connection once at once, a timeout not at all. The default scope
      // (5 tries, backoff up to 15 s) held the form ~80 s against a Quaderno that never answers.
      const client = withCallOptions(makeClient({ apiUrl, apiKey: input.apiKey }), (call) => ({
        ...call,
        retry: 'answers',
      }));
      let identity;
      try {
        identity = await client.authorization();
      } catch (e) {
        if (e instanceof ConsoleError && e.code === 'unauthorized') {
          throw new ConsoleError('unauthorized', e.message, { fields: { apiKey: e.message } });
        }
        throw e;
      }
      const isLocalSandbox = apiUrl.startsWith('http://');
      const kind = isLocalSandbox ? 'test' : accountKindFromKey(input.apiKey);
      // Keychain first: if it is unavailable, nothing half-made is left in SQLite.
      await secrets.set(keychainName(apiUrl), input.apiKey);
      keptKeys.set(apiUrl, Promise.resolve(input.apiKey));
      markFromEnvironment(apiUrl, false);
      const row = store.accounts.add({
        name: identity.name || new URL(apiUrl).hostname,
        apiUrl,
        kind,
        email: identity.email ?? null,
        identityId: identity.id ?? null,
      });
      const active = store.accounts.setActive(row.id);
      changed();
      return toAccount(active);
    },

    async useSandbox(profile) {
      if (profile) await sandboxHost.setProfile(profile);
      // Choosing the sandbox starts it again after a stop (the offline banner's Restart).
      await sandboxHost.resume();
      const row = await syncSandboxAccount();
      const active = store.accounts.setActive(row.id);
      changed();
      return toAccount(active);
    },

    async remove(id) {
      const row = store.accounts.get(id);
      if (!row) throw new ConsoleError('not_found', accountGone(id));
      const envAdded = fromEnvironment().includes(row.apiUrl);
      // Read while it is still there: Quaderno is asked to delete the webhooks with it. The key
      // itself leaves the keychain once the account is gone: a failure before that must not
      // leave an account without its key (every later call would fail, and a second remove
      // could no longer delete the webhooks at Quaderno).
      const apiKey = row.kind === 'sandbox' ? null : await keyFor(row).catch(() => null);
      const secretsLeft: string[] = [];
      await deleteDeliverySecrets(id, secretsLeft);
      if (envAdded) markFromEnvironment(row.apiUrl, false);
      envKeys.delete(row.apiUrl);
      forgetKey(row.apiUrl);
      for (const key of clients.keys()) if (key.startsWith(`${row.apiUrl}\n`)) clients.delete(key);
      // Listed and removed in one transaction: a webhook this or another process (a `listen`)
      // registers meanwhile is either listed here or refused by the account's foreign key, and
      // then its registrar deletes it (main/webhooks/registrar.ts).
      // The next active account is chosen in that transaction, and only when none is active
      // then: a switch made while the keychain was waited on stands.
      const { webhookIds } = store.accounts.removeWithWebhooks(id);
      // An account added from the environment never had its key in the keychain.
      if (row.kind !== 'sandbox' && !envAdded) {
        // Read from the keychain just now (not from the environment): it is there.
        await deleteLeftover(keychainName(row.apiUrl), secretsLeft, apiKey !== null);
      }
      const webhooksLeft = await deleteWebhooks(row, apiKey, webhookIds, secretsLeft);
      if (row.kind === 'sandbox') await sandboxHost.close().catch(() => undefined);
      changed();
      return { webhooksLeft, secretsLeft };
    },

    async switchTo(id) {
      const row = store.accounts.get(id);
      if (!row) throw new ConsoleError('not_found', accountGone(id));
      if (row.kind === 'sandbox') await syncSandboxAccount();
      const active = store.accounts.setActive(id);
      changed();
      return toAccount(active);
    },

    async activeClient(options = {}) {
      let row = store.accounts.active();
      if (!row) {
        throw new ConsoleError(
          'no_account',
          'No account is set up yet. Connect your Quaderno account or try the built-in sandbox.',
        );
      }
      if (row.kind === 'sandbox') {
        row = await syncSandboxAccount().catch((e: unknown) => {
          deps.observe?.(e);
          throw e;
        });
      }
      const apiKey = await keyFor(row);
      const client = options.fetch
        ? forgettingRefusedKey(
            makeClient({ apiUrl: row.apiUrl, apiKey, fetch: options.fetch }),
            row.apiUrl,
          )
        : clientFor(row.apiUrl, apiKey);
      return { account: toAccount(row), client };
    },
  };
}
