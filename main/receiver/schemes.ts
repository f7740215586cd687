// Which signature scheme an account's deliveries use is learned, not configured (several are
// reported: docs/quaderno-api.md, Signatures). The last one seen is kept per account in the
// settings, tried first next time, shown in the live status, and each change is an Activity line
// (the first sighting too, unless it is the documented scheme the console assumes anyway).
import { z } from 'zod';
import { signatureSchemeLabels, type SignatureSchemeState } from '../../preload/contract-live';
import type { Repos } from '../store';
import type { SignatureScheme } from './signature';

const settingKey = (accountId: number): string => `receiver.signatureScheme.${accountId}`;
const stored = z.object({
  scheme: z.enum(['documented', 'ruby_snippet', 'sorted_params', 'unverifiable']),
  at: z.string(),
});

/** The scheme the account's deliveries were last seen with, or null if none was yet. */
export function rememberedScheme(
  store: Pick<Repos, 'settings'>,
  accountId: number,
): SignatureSchemeState | null {
  return store.settings.get(settingKey(accountId), stored.nullable(), null)?.scheme ?? null;
}

export interface SchemeMemory {
  /** The scheme to try first for this account. */
  preferred(accountId: number): SignatureScheme;
  /** A delivery verified with `scheme`, or (`unverifiable`) matched none yet was confirmed. */
  seen(accountId: number, scheme: SignatureSchemeState): void;
}

export function createSchemeMemory(
  repos: Pick<Repos, 'settings' | 'activity' | 'isOpen'>,
  now: () => string,
  onChange?: (accountId: number, scheme: SignatureSchemeState) => void,
): SchemeMemory {
  const known = new Map<number, SignatureSchemeState | null>();
  const current = (accountId: number): SignatureSchemeState | null => {
    if (!known.has(accountId)) {
      // The map holds one entry per account with a hook path; a cap keeps it bounded anyway.
      if (known.size > 1000) known.clear();
      known.set(accountId, rememberedScheme(repos, accountId));
    }
    return known.get(accountId) ?? null;
  };
  return {
    preferred(accountId) {
      const s = current(accountId);
      return s === null || s === 'unverifiable' ? 'documented' : s;
    },
    seen(accountId, scheme) {
      if (current(accountId) === scheme || !repos.isOpen()) return;
      const { settings, activity } = repos;
      const before = known.get(accountId) ?? null;
      settings.set(settingKey(accountId), { scheme, at: now() });
      known.set(accountId, scheme);
      onChange?.(accountId, scheme);
      // The documented scheme is what the console assumes: only a departure from it is news.
      if (before === null && scheme === 'documented') return;
      const label = signatureSchemeLabels[scheme];
      activity.add(
        accountId,
        'signature_scheme',
        before === null
          ? `Webhook deliveries: ${label}.`
          : `Webhook deliveries changed from "${signatureSchemeLabels[before]}" to "${label}".`,
        { scheme, before },
      );
    },
  };
}
