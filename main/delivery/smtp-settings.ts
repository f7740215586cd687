// The merchant's mail server for delivery emails, per account: host, port, security, user and
// From in the settings table (one JSON value per key), the password in the OS keychain only.
import { z } from 'zod';
import { smtpSecurities, type SmtpSettings } from '../../preload/contract-delivery';
import { ConsoleError } from '../errors';
import type { SecretStore } from '../secrets';
import type { SettingsRepo } from '../store';
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

export interface SmtpStore {
  /** The settings without the password; null when none are set (or they no longer read). */
  settings(accountId: number): StoredSmtp | null;
  password(accountId: number): Promise<string | null>;
  /** What the page and the CLI see: never the password, only whether one is stored. */
  view(accountId: number): Promise<SmtpSettings | null>;
  /** `password`: absent keeps the stored one, '' removes it. */
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
      // The keychain first: a refused keychain leaves the old settings whole.
      if (newPassword === '') await deps.secrets.delete(secretNames.smtpPassword(accountId));
      else if (newPassword !== undefined) {
        await deps.secrets.set(secretNames.smtpPassword(accountId), newPassword);
      }
      deps.settings.set(settingKey(accountId), stored.parse(next));
      const saved = await view(accountId);
      if (saved === null) throw new Error('SMTP settings were not saved');
      return saved;
    },
  };
}
