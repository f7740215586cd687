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
  /**
   * A setting in the environment that cannot be used (CHECKOUT_CONSOLE_API_TIMEOUT_MS=15s):
   * 'refuse' (the default, the CLI's) stops the opening with what to fix; 'tell' (the app's,
   * which must still open) uses the default, writes the problem to the active account's
   * Activity and hands it back in `settingProblems`, for the connection check to list.
   */
  badSettings?: 'refuse' | 'tell' | undefined;
}

export interface OpenedAccounts {
  accounts: AccountsService;
  sandboxHost: SandboxHost;
  connectivity: Connectivity;
  /** With badSettings 'tell': each unusable setting, in the words `settingProblems` gives. */
  settingProblems: string[];
}

// How long one Quaderno request may take (default 15 s): headless servers on slow links, tests.
const API_TIMEOUT_ENV = 'CHECKOUT_CONSOLE_API_TIMEOUT_MS';
// Digits only: a coerced Number() also took 1e3, 0x3E8, +2000 and 2000.0.
const timeoutSchema = z
  .string()
  .regex(/^\d{1,7}$/)
  .transform(Number)
  .pipe(z.number().int().min(100).max(600_000));

/** The timeout to use, and what is wrong with a set but unusable value (null when none). */
function readApiTimeout(env: NodeJS.ProcessEnv): {
  timeout: { timeoutMs?: number };
  problem: string | null;
} {
  const raw = env[API_TIMEOUT_ENV];
  if (raw === undefined || raw.trim() === '') return { timeout: {}, problem: null };
  const parsed = timeoutSchema.safeParse(raw.trim());
  if (parsed.success) return { timeout: { timeoutMs: parsed.data }, problem: null };
  return {
    timeout: {},
    problem: `${API_TIMEOUT_ENV} is ${JSON.stringify(raw.slice(0, 40))}: set it to a whole number of milliseconds from 100 to 600000 (the default is 15000), or unset it.`,
  };
}

/**
 * The settings in `env` that cannot be used, each saying what to set instead. A set but unusable
 * value is never silently ignored: the merchant meant something by it.
 */
export function settingProblems(env: NodeJS.ProcessEnv): string[] {
  const { problem } = readApiTimeout(env);
  return problem === null ? [] : [problem];
}

/** The Activity line of a setting the app works without: the problem, and what it does meanwhile. */
export function settingProblemLine(problem: string): string {
  return `${problem} Until then Checkout Console waits the default 15000 ms for each request to Quaderno.`;
}

export async function openAccounts(o: OpenAccountsOptions): Promise<OpenedAccounts> {
  const { store } = o;
  const { timeout, problem } = readApiTimeout(o.env);
  if (problem !== null && o.badSettings !== 'tell')
    throw new ConsoleError('invalid_input', problem);
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
  const problems = problem === null ? [] : [problem];
  // With no account yet there is no Activity to say it in; the connection check still lists it.
  const accountId = accounts.active()?.id;
  if (accountId !== undefined)
    for (const p of problems) store.activity.add(accountId, 'log', settingProblemLine(p));
  return { accounts, sandboxHost, connectivity: watch, settingProblems: problems };
}
