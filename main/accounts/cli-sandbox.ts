// Where `checkout-console sandbox` (or `demo`) ran for a data folder, so `login --sandbox`
// can find it from another terminal and a restart can take the same port again (a stored
// account's API URL keeps working). Every address is kept by its API URL: a run on another port
// must not make an account logged in at an earlier one look for its key in the keychain. Its key is read from the sandbox's own state file, never
// copied into the keychain: it is a throwaway test key that lives in the same private folder.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { wrapAsyncMethods } from '../connectivity';
import { ConsoleError } from '../errors';
import { PRIVATE_FILE_MODE } from '../paths';
import { resolveApiUrl } from '../quaderno';
import type { QuadernoClient } from '../quaderno';
import type { SecretStore } from '../secrets';
import { keychainName } from './key-name';

export const CLI_SANDBOX_ADDRESS = 'sandbox-cli.json';

const addressSchema = z.object({
  apiUrl: z.string().url(),
  port: z.number().int(),
  stateFile: z.string(),
});
// Only the key is needed here; the sandbox itself validates the rest of its file.
const stateKeySchema = z.object({ apiKey: z.string().min(1) });

export type CliSandboxAddress = z.infer<typeof addressSchema>;

// A few ports a newcomer tried; more than this and the oldest is forgotten.
const MAX_REMEMBERED = 20;

const rememberedSchema = z.union([
  z.object({ last: z.string(), sandboxes: z.array(addressSchema) }),
  // Written by the version that kept one address only.
  addressSchema.transform((a) => ({ last: a.apiUrl, sandboxes: [a] })),
]);
type Remembered = z.infer<typeof rememberedSchema>;

// The files are the sandbox's own and at most a few kilobytes per session; this is generous.
const MAX_FILE_BYTES = 64 * 1024 * 1024;

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  if (text.length > MAX_FILE_BYTES) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function remembered(dataDir: string): Remembered {
  const parsed = rememberedSchema.safeParse(readJson(join(dataDir, CLI_SANDBOX_ADDRESS)));
  if (!parsed.success) return { last: '', sandboxes: [] };
  return { last: parsed.data.last, sandboxes: parsed.data.sandboxes.slice(0, MAX_REMEMBERED) };
}

/** Adds (or moves to the front) `address` and makes it the one `login --sandbox` uses. */
export function rememberCliSandbox(dataDir: string, address: CliSandboxAddress): void {
  const others = remembered(dataDir).sandboxes.filter((a) => a.apiUrl !== address.apiUrl);
  const next: Remembered = {
    last: address.apiUrl,
    sandboxes: [address, ...others].slice(0, MAX_REMEMBERED),
  };
  writeFileSync(join(dataDir, CLI_SANDBOX_ADDRESS), JSON.stringify(next), {
    mode: PRIVATE_FILE_MODE,
  });
}

/** The address the sandbox last ran at for this folder, or null if none has. */
export function lastCliSandbox(dataDir: string): CliSandboxAddress | null {
  const { last, sandboxes } = remembered(dataDir);
  return sandboxes.find((a) => a.apiUrl === last) ?? null;
}

/** The CLI sandbox that ran at `apiUrl` (as accounts store it), or null. */
export function cliSandboxAt(dataDir: string, apiUrl: string): CliSandboxAddress | null {
  const found = remembered(dataDir).sandboxes.find((a) => resolveApiUrl(a.apiUrl) === apiUrl);
  return found ?? null;
}

export const NO_CLI_SANDBOX =
  'No sandbox is running for this data folder. Start one in another terminal with ' +
  '`checkout-console sandbox`, then run `checkout-console login --sandbox` again.';

const keyIn = (address: CliSandboxAddress): string | null => {
  const state = stateKeySchema.safeParse(readJson(address.stateFile));
  return state.success ? state.data.apiKey : null;
};

/** The running CLI sandbox's URL and key; throws a ConsoleError naming the command to run. */
export function cliSandboxCredentials(dataDir: string): { apiUrl: string; apiKey: string } {
  const address = lastCliSandbox(dataDir);
  const apiKey = address ? keyIn(address) : null;
  if (!address || !apiKey) throw new ConsoleError('offline', NO_CLI_SANDBOX);
  return { apiUrl: address.apiUrl, apiKey };
}

/**
 * The keychain, except for the keys of the CLI sandboxes run for this folder: those are read
 * from the sandbox's state file, so `login --sandbox` works where no keychain is (a container).
 */
export function withCliSandboxKey(secrets: SecretStore, dataDir: string): SecretStore {
  const sandboxFor = (name: string): CliSandboxAddress | undefined =>
    remembered(dataDir).sandboxes.find((a) => name === keychainName(resolveApiUrl(a.apiUrl)));
  return {
    async get(name) {
      const address = sandboxFor(name);
      return address ? keyIn(address) : secrets.get(name);
    },
    async set(name, value) {
      if (!sandboxFor(name)) await secrets.set(name, value);
    },
    async delete(name) {
      return sandboxFor(name) ? true : secrets.delete(name);
    },
  };
}

/**
 * For an account at a CLI sandbox's address, "Cannot reach Quaderno … check your connection"
 * would send the merchant to the wrong place: the sandbox is simply not running. Says which
 * command starts it again at that address.
 */
export function namingCliSandbox<T extends QuadernoClient>(
  client: T,
  dataDir: string,
  apiUrl: string,
): T {
  const address = cliSandboxAt(dataDir, apiUrl);
  if (!address) return client;
  const port = lastCliSandbox(dataDir)?.port === address.port ? '' : ` --port ${address.port}`;
  // Keeps what the transport added after its advice (e.g. that a link may have been created).
  const notRunning = (cause: ConsoleError) =>
    new ConsoleError(
      'offline',
      `The sandbox at ${address.apiUrl} is not running. Start it in another terminal with ` +
        `\`checkout-console sandbox${port}\`, then run this again.` +
        (cause.message.split('Check your connection.')[1] ?? ''),
      { cause },
    );
  return wrapAsyncMethods(client, (result) =>
    result.catch((e: unknown) => {
      throw e instanceof ConsoleError && e.code === 'offline' ? notRunning(e) : e;
    }),
  );
}
