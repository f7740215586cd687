import type { Account, Product } from '../../preload/contract';
import { cliSandboxCredentials, keychainName, NO_CLI_SANDBOX } from '../accounts';
import { resolveApiUrl } from '../quaderno';
import { credentialsFromEnv, ENV_API_KEY, ENV_API_URL } from '../secrets';
import { formatMoney } from '../../preload/money';
import { secretsLeftAdvice, webhooksLeftAdvice } from '../../preload/webhooks-left';
import type { CheckoutConsole } from '../console';
import { ConsoleError } from '../errors';
import { seeHelp } from './args';
import { type Io, table, UsageError, valueOf } from './output';

/** What every "no account" answer of the CLI says: the commands that set one up. */
export const NO_ACCOUNT_HINT =
  'No account is set up yet. Try the sandbox: run `checkout-console sandbox` in another terminal, ' +
  'then `checkout-console login --sandbox`; or log in to your Quaderno account: ' +
  '`checkout-console login --api-url ACCOUNT` (the secret key is read from stdin).';

export async function runLogin(
  cc: CheckoutConsole,
  flags: { 'api-url'?: string; json?: boolean; sandbox?: boolean },
  io: Io,
): Promise<void> {
  if (flags.sandbox && flags['api-url'])
    throw new UsageError('login takes --sandbox or --api-url, not both.');
  if (!flags['api-url'] && !flags.sandbox) {
    throw new UsageError(
      'login needs --api-url (your account name, e.g. acme, or its API URL), or --sandbox.',
    );
  }
  const apiUrl = flags['api-url'];
  // Checked before the key is read: a typo must not be reported as a missing key.
  if (apiUrl) refuseBadApiUrl(apiUrl);
  const account = apiUrl
    ? valueOf(await cc.call('accounts.add', { account: apiUrl, apiKey: await keyFromStdin(io) }))
    : await loginToCliSandbox(cc);
  if (flags.json) return io.out(JSON.stringify(account));
  const where = flags.sandbox
    ? 'Its key is read from the sandbox in this data folder; no keychain is needed.'
    : 'The key is in your system keychain.';
  io.out(`Logged in to ${account.name} (${account.kind}) at ${account.apiUrl}. ${where}`);
}

function refuseBadApiUrl(apiUrl: string): void {
  try {
    resolveApiUrl(apiUrl);
  } catch (e) {
    if (!(e instanceof ConsoleError)) throw e;
    throw new UsageError(`--api-url: ${e.message} ${seeHelp(['login'])}`);
  }
}

async function keyFromStdin(io: Io): Promise<string> {
  const apiKey = (await io.readStdin()).trim();
  if (!apiKey)
    throw new UsageError(
      'Give the secret API key on standard input, e.g. printf %s "$KEY" | checkout-console login --api-url acme',
    );
  return apiKey;
}

/** Logs in to the sandbox that `checkout-console sandbox` runs for this data folder. */
async function loginToCliSandbox(cc: CheckoutConsole): Promise<Account> {
  const { dataDir } = valueOf(await cc.call('app.info', {}));
  const { apiUrl, apiKey } = cliSandboxCredentials(dataDir);
  const added = await cc.call('accounts.add', { account: apiUrl, apiKey });
  // Its address is the one it last ran at: not answering there means it is not running now.
  if (!added.ok && (added.error.code === 'offline' || added.error.code === 'timeout'))
    throw new ConsoleError('offline', NO_CLI_SANDBOX);
  return valueOf(added);
}

export async function runLogout(
  cc: CheckoutConsole,
  flags: { 'api-url'?: string },
  io: Io,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  const accounts = valueOf(await cc.call('accounts.list', {}));
  const target = flags['api-url']
    ? accounts.find((a) => a.apiUrl === flags['api-url'] || a.name === flags['api-url'])
    : accounts.find((a) => a.active);
  if (!target)
    throw new ConsoleError(
      'not_found',
      'No matching account. `checkout-console accounts` lists them.',
    );
  const { webhooksLeft, secretsLeft } = valueOf(
    await cc.call('accounts.remove', { id: target.id }),
  );
  const fromEnv = credentialsFromEnv(env);
  if (fromEnv && resolveApiUrl(fromEnv.apiUrl) === target.apiUrl) {
    io.out(
      `Logged out of ${target.name}. Unset ${ENV_API_URL} and ${ENV_API_KEY}, or the next command adds it again.`,
    );
  } else if (secretsLeft.includes(keychainName(target.apiUrl))) {
    io.out(`Logged out of ${target.name}, but its key is still in the keychain.`);
  } else {
    io.out(`Logged out of ${target.name}; its key is no longer kept on this machine.`);
  }
  // Logged out all the same: stdout stays the outcome, the exit code 0.
  if (webhooksLeft.length > 0) io.err(webhooksLeftAdvice(webhooksLeft));
  if (secretsLeft.length > 0) io.err(secretsLeftAdvice(secretsLeft));
}

export async function runAccounts(cc: CheckoutConsole, flags: { json?: boolean }, io: Io) {
  const accounts = valueOf(await cc.call('accounts.list', {}));
  if (flags.json) return io.out(JSON.stringify(accounts));
  if (accounts.length === 0) return io.out(NO_ACCOUNT_HINT);
  const rows = [
    ['', 'ID', 'NAME', 'KIND', 'API URL'],
    ...accounts.map((a) => [
      a.active ? '*' : '',
      String(a.id),
      a.name,
      a.kind.toUpperCase(),
      a.apiUrl,
    ]),
  ];
  for (const line of table(rows)) io.out(line);
}

export async function runProducts(cc: CheckoutConsole, flags: { json?: boolean }, io: Io) {
  const synced = await cc.call('products.sync', {});
  if (synced.ok || (synced.error.code !== 'offline' && synced.error.code !== 'timeout')) {
    return printProducts(valueOf(synced), flags, io);
  }
  const saved = valueOf(await cc.call('products.list', {}));
  if (saved.length === 0)
    throw new ConsoleError(
      synced.error.code,
      `${synced.error.message} No catalogue is saved on this machine yet, so there is nothing to show.`,
    );
  printProducts(saved, flags, io);
  // The saved catalogue still helps the merchant, but a script must see that the refresh failed.
  throw new ConsoleError(
    synced.error.code,
    `${synced.error.message} The catalogue shown is the one saved on this machine.`,
  );
}

function printProducts(products: Product[], flags: { json?: boolean }, io: Io) {
  if (flags.json) return io.out(JSON.stringify(products));
  if (products.length === 0) return io.out('No products in this account yet.');
  const rows = [
    ['CODE', 'NAME', 'PRICE'],
    ...products.map((p) => [p.code, p.name, formatMoney(p.unitAmount, p.currency)]),
  ];
  for (const line of table(rows)) io.out(line);
}
