// The merchant's mail server for delivery emails, per account: host, port, security, user and
// From in the settings table (one JSON value per key), the password in the OS keychain only.
import { z } from 'zod';
import { smtpSecurities, type SmtpSettings } from '../../preload/contract-delivery';
import { ConsoleError } from '../errors';
import type { SecretStore } from '../secrets';
import type { SettingsRepo } from '../store';
import { ENV_SMTP_PASSWORD } from './env-secrets';
import { secretNames } from './types';

const stored = z.object({
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535),
  security: z.enum(smtpSecurities),
  user: z.string(),
  from: z.string().min(1),
});
export type StoredSmtp = z.infer<typeof stored>;

const settingKey = (accountId: number) => `smtp:${accountId}`;

const noKeychain = (e: unknown): boolean =>
  e instanceof ConsoleError && e.code === 'keychain_unavailable';

// The keychain's own advice names the account's variables, which do not carry this password.
function passwordNotKept(cause: unknown): ConsoleError {
  return new ConsoleError(
    'keychain_unavailable',
    `No keychain answers on this computer, so the mail server's password cannot be kept; nothing was saved. On a server without one, set ${ENV_SMTP_PASSWORD} where listen runs (and where you run smtp set, which then reads no password), or save the mail server with --no-password.`,
    { cause },
  );
}

export interface SmtpStore {
  /** The settings without the password; null when none are set (or they no longer read). */
  settings(accountId: number): StoredSmtp | null;
  password(accountId: number): Promise<string | null>;
  /** What the page and the CLI see: never the password, only whether one is stored. */
  view(accountId: number): Promise<SmtpSettings | null>;
  /**
   * `password`: absent keeps the stored one for the same server (host, port, user, security)
   * and drops it for another; '' removes it.
   */
  save(accountId: number, next: StoredSmtp, password: string | undefined): Promise<SmtpSettings>;
}

export function createSmtpStore(deps: { settings: SettingsRepo; secrets: SecretStore }): SmtpStore {
  const settings = (accountId: number): StoredSmtp | null =>
    deps.settings.get(settingKey(accountId), stored.nullable(), null);
  const password = (accountId: number) => deps.secrets.get(secretNames.smtpPassword(accountId));
  const view = async (accountId: number): Promise<SmtpSettings | null> => {
    const s = settings(accountId);
    if (s === null) return null;
    // A keychain that cannot be reached (a headless server) must not hide the settings.
    const stored = await password(accountId).catch((e: unknown) => {
      if (e instanceof ConsoleError && e.code === 'keychain_unavailable') return null;
      throw e;
    });
    return { ...s, hasPassword: stored !== null };
  };
  return {
    settings,
    password,
    view,
    async save(accountId, next, newPassword) {
      const name = secretNames.smtpPassword(accountId);
      // A password belongs to the server it was given for: another host, port, user or
      // security without a new password drops it, so a typo in the host (or a hostile page)
      // never hands it to a server the merchant did not enter it for.
      const before = settings(accountId);
      const sameServer =
        before !== null &&
        before.host === next.host &&
        before.port === next.port &&
        before.user === next.user &&
        before.security === next.security;
      // The keychain first: a refused keychain leaves the old settings whole.
      if (newPassword !== undefined && newPassword !== '') {
        await deps.secrets.set(name, newPassword).catch((e: unknown) => {
          throw noKeychain(e) ? passwordNotKept(e) : e;
        });
      } else if (newPassword === '' || !sameServer) {
        await deps.secrets.delete(name).catch((e: unknown) => {
          // Nothing can be stored where no keychain answers: nothing to drop either.
          if (!noKeychain(e)) throw e;
          return false;
        });
      }
      deps.settings.set(settingKey(accountId), stored.parse(next));
      const saved = await view(accountId);
      if (saved === null) throw new Error('SMTP settings were not saved');
      return saved;
    },
  };
}
