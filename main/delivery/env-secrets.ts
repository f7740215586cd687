// Delivery secrets for a headless server without a keychain (`listen` on a small always-on
// machine), as CHECKOUT_CONSOLE_API_KEY is for the account: the environment, when it names one,
// wins over the keychain. Not trimmed: a password may start or end with a space.
import type { SecretStore } from '../secrets';

export const ENV_SMTP_PASSWORD = 'CHECKOUT_CONSOLE_SMTP_PASSWORD';
/** Signs every forward rule; CHECKOUT_CONSOLE_FORWARD_SECRET_<rule id> signs one rule. */
export const ENV_FORWARD_SECRET = 'CHECKOUT_CONSOLE_FORWARD_SECRET';

const FORWARD_NAME = /^forward-secret:\d+:(\d+)$/;

const given = (value: string | undefined): string | null =>
  value === undefined || value === '' ? null : value;

/** The environment's value for a keychain entry name (see secretNames), or null. */
export function secretFromEnv(env: NodeJS.ProcessEnv, name: string): string | null {
  if (name.startsWith('smtp-password:')) return given(env[ENV_SMTP_PASSWORD]);
  const rule = name.match(FORWARD_NAME)?.[1];
  if (rule === undefined) return null;
  return given(env[`${ENV_FORWARD_SECRET}_${rule}`]) ?? given(env[ENV_FORWARD_SECRET]);
}

/** Whether the mail server's password comes from the environment (`smtp set` then reads none). */
export function smtpPasswordInEnv(env: NodeJS.ProcessEnv): boolean {
  return given(env[ENV_SMTP_PASSWORD]) !== null;
}

/** Whether every forward rule has a secret from the environment (a new rule needs none typed). */
export function forwardSecretInEnv(env: NodeJS.ProcessEnv): boolean {
  return given(env[ENV_FORWARD_SECRET]) !== null;
}

/** `secrets` with the environment's values in front; writes still go to the keychain. */
export function withEnvSecrets(secrets: SecretStore, env: NodeJS.ProcessEnv): SecretStore {
  return {
    get: async (name) => secretFromEnv(env, name) ?? secrets.get(name),
    set: (name, value) => secrets.set(name, value),
    delete: (name) => secrets.delete(name),
  };
}
