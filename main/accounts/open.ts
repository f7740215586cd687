// The accounts as a console opens them: the built-in sandbox's host, the accounts service with
// API clients bounded by the console's shutdown, and the connectivity watch those clients feed.
import { z } from 'zod';
import type { Account } from '../../preload/contract';
import { createConnectivity, type Connectivity, type ConnectivityState } from '../connectivity';
import { ConsoleError } from '../errors';
import { createQuadernoClient } from '../quaderno';
import type { SecretStore } from '../secrets';
import type { Store } from '../store';
import { namingCliSandbox, withCliSandboxKey } from './cli-sandbox';
import { createAccounts, type AccountsService } from './service';
import { createSandboxHost, type SandboxHost } from './sandbox-host';

export interface OpenAccountsOptions {
  store: Store;
  dataDir: string;
  secrets: SecretStore;
  env: NodeJS.ProcessEnv;
  /** Aborted when the console closes: a call waiting out a rate-limit pause or a retry ends. */
  signal: AbortSignal;
  /** How often to re-check Quaderno while it is unreachable. */
  probeMs?: number | undefined;
  onAccounts(list: Account[]): void;
  onConnectivity(state: ConnectivityState): void;
}

export interface OpenedAccounts {
  accounts: AccountsService;
  sandboxHost: SandboxHost;
  connectivity: Connectivity;
}

// How long one Quaderno request may take (default 15 s): headless servers on slow links, tests.
const API_TIMEOUT_ENV = 'CHECKOUT_CONSOLE_API_TIMEOUT_MS';
const timeoutSchema = z.coerce.number().int().min(100).max(600_000);

/** A set but unusable value is refused rather than ignored: the merchant meant something by it. */
function apiTimeout(env: NodeJS.ProcessEnv): { timeoutMs?: number } {
  const raw = env[API_TIMEOUT_ENV];
  if (raw === undefined || raw.trim() === '') return {};
  const parsed = timeoutSchema.safeParse(raw.trim());
  if (parsed.success) return { timeoutMs: parsed.data };
  throw new ConsoleError(
    'invalid_input',
    `${API_TIMEOUT_ENV} is ${JSON.stringify(raw.slice(0, 40))}: set it to a whole number of milliseconds from 100 to 600000 (the default is 15000), or unset it.`,
  );
}

export async function openAccounts(o: OpenAccountsOptions): Promise<OpenedAccounts> {
  const { store } = o;
  const timeout = apiTimeout(o.env);
  const sandboxHost = createSandboxHost({
    dataDir: o.dataDir,
    preferredPort: () => store.settings.get('sandbox.port', z.number().int().nullable(), null),
    rememberPort: (port) => store.settings.set('sandbox.port', port),
  });
  // Late-bound: the probe needs the accounts service, which reports into connectivity.
  let connectivity: Connectivity | null = null;
  const accounts = createAccounts({
    store,
    // `login --sandbox` accounts read their key from the CLI sandbox's state file.
    secrets: withCliSandboxKey(o.secrets, o.dataDir),
    sandboxHost,
    env: o.env,
    createClient: (options) =>
      namingCliSandbox(
        createQuadernoClient({ ...options, signal: o.signal, ...timeout }),
        o.dataDir,
        options.apiUrl,
      ),
    onChange: o.onAccounts,
    observe: (outcome) => connectivity?.report(outcome),
  });
  const watch = createConnectivity({
    onChange: o.onConnectivity,
    probe: async (call) => (await accounts.activeClient()).client.ping(call),
    ...(o.probeMs ? { intervalMs: o.probeMs } : {}),
  });
  connectivity = watch;
  try {
    await accounts.init();
  } catch (e) {
    watch.close();
    await sandboxHost.close();
    throw e;
  }
  return { accounts, sandboxHost, connectivity: watch };
}
