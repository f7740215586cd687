// Where `checkout-console sandbox` (or `demo`) last ran for a data folder, so `login --sandbox`
// can find it from another terminal and a restart can take the same port again (a stored
// account's API URL keeps working). Its key is read from the sandbox's own state file, never
// copied into the keychain: it is a throwaway test key that lives in the same private folder.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ConsoleError } from '../errors';
import { PRIVATE_FILE_MODE } from '../paths';
import { resolveApiUrl } from '../quaderno';
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

export function rememberCliSandbox(dataDir: string, address: CliSandboxAddress): void {
  writeFileSync(join(dataDir, CLI_SANDBOX_ADDRESS), JSON.stringify(address), {
    mode: PRIVATE_FILE_MODE,
  });
}

/** The address the sandbox last ran at for this folder, or null if none has. */
export function lastCliSandbox(dataDir: string): CliSandboxAddress | null {
  const parsed = addressSchema.safeParse(readJson(join(dataDir, CLI_SANDBOX_ADDRESS)));
  return parsed.success ? parsed.data : null;
}

export const NO_CLI_SANDBOX =
  'No sandbox is running for this data folder. Start one in another terminal with ' +
  '`checkout-console sandbox`, then run `checkout-console login --sandbox` again.';

/** The running CLI sandbox's URL and key; throws a ConsoleError naming the command to run. */
export function cliSandboxCredentials(dataDir: string): { apiUrl: string; apiKey: string } {
  const address = lastCliSandbox(dataDir);
  const state = address ? stateKeySchema.safeParse(readJson(address.stateFile)) : null;
  if (!address || !state?.success) throw new ConsoleError('offline', NO_CLI_SANDBOX);
  return { apiUrl: address.apiUrl, apiKey: state.data.apiKey };
}

/**
 * The keychain, except for the key of the CLI sandbox last run for this folder: that one is read
 * from the sandbox's state file, so `login --sandbox` works where no keychain is (a container).
 */
export function withCliSandboxKey(secrets: SecretStore, dataDir: string): SecretStore {
  const isSandboxKey = (name: string): boolean => {
    const address = lastCliSandbox(dataDir);
    return address !== null && name === keychainName(resolveApiUrl(address.apiUrl));
  };
  return {
    async get(name) {
      if (!isSandboxKey(name)) return secrets.get(name);
      try {
        return cliSandboxCredentials(dataDir).apiKey;
      } catch {
        return null;
      }
    },
    async set(name, value) {
      if (!isSandboxKey(name)) await secrets.set(name, value);
    },
    async delete(name) {
      return isSandboxKey(name) ? true : secrets.delete(name);
    },
  };
}
