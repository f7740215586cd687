import { ConsoleError } from '../errors';

export const ENV_API_URL = 'CHECKOUT_CONSOLE_API_URL';
export const ENV_API_KEY = 'CHECKOUT_CONSOLE_API_KEY';

function read(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  // `VAR= checkout-console …` sets an empty string; treat it as unset.
  return value ? value : undefined;
}

/**
 * Headless credentials for servers without a keychain. The URL is passed through as given:
 * resolveApiUrl in main/quaderno validates and normalises it.
 */
export function credentialsFromEnv(
  env: NodeJS.ProcessEnv,
): { apiUrl: string; apiKey: string } | null {
  const apiUrl = read(env, ENV_API_URL);
  const apiKey = read(env, ENV_API_KEY);
  if (apiUrl && apiKey) return { apiUrl, apiKey };
  if (!apiUrl && !apiKey) return null;
  const [missing, present] = apiUrl ? [ENV_API_KEY, ENV_API_URL] : [ENV_API_URL, ENV_API_KEY];
  throw new ConsoleError(
    'invalid_input',
    `${present} is set but ${missing} is missing. Set both to use an account without the keychain, or unset ${present}.`,
    { fields: { [missing]: `Set ${missing}.` } },
  );
}
