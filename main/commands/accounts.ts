import type { Account, Product } from '../../preload/contract';
import { formatMoney } from '../../preload/money';
import type { CheckoutConsole } from '../console';
import { ConsoleError } from '../errors';
import { type Io, table, UsageError, valueOf } from './output';

export async function runLogin(
  cc: CheckoutConsole,
  flags: { 'api-url'?: string; json?: boolean },
  io: Io,
): Promise<void> {
  if (!flags['api-url']) {
    throw new UsageError('login needs --api-url (your account name, e.g. acme, or its API URL).');
  }
  const apiKey = (await io.readStdin()).trim();
  if (!apiKey)
    throw new UsageError(
      'Give the secret API key on standard input, e.g. printf %s "$KEY" | checkout-console login --api-url acme',
    );
  const account = valueOf<Account>(
    await cc.call('accounts.add', { account: flags['api-url'], apiKey }),
  );
  if (flags.json) io.out(JSON.stringify(account));
  else
    io.out(
      `Logged in to ${account.name} (${account.kind}) at ${account.apiUrl}. The key is in your system keychain.`,
    );
}

export async function runLogout(
  cc: CheckoutConsole,
  flags: { 'api-url'?: string },
  io: Io,
): Promise<void> {
  const accounts = valueOf<Account[]>(await cc.call('accounts.list', {}));
  const target = flags['api-url']
    ? accounts.find((a) => a.apiUrl === flags['api-url'] || a.name === flags['api-url'])
    : accounts.find((a) => a.active);
  if (!target)
    throw new ConsoleError(
      'not_found',
      'No matching account. `checkout-console accounts` lists them.',
    );
  valueOf(await cc.call('accounts.remove', { id: target.id }));
  io.out(`Logged out of ${target.name}; its key was removed from the keychain.`);
}

export async function runAccounts(cc: CheckoutConsole, flags: { json?: boolean }, io: Io) {
  const accounts = valueOf<Account[]>(await cc.call('accounts.list', {}));
  if (flags.json) return io.out(JSON.stringify(accounts));
  if (accounts.length === 0)
    return io.out(
      'No accounts yet. Run `checkout-console login --api-url ACCOUNT` or use the sandbox in the app.',
    );
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
    return printProducts(valueOf<Product[]>(synced), flags, io);
  }
  printProducts(valueOf<Product[]>(await cc.call('products.list', {})), flags, io);
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
