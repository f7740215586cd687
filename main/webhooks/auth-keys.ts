// Where the auth key of each webhook we own is kept: the OS keychain (or, for sandbox accounts,
// memory only), always fronted by an in-memory cache because every delivery needs the key.
import type { SecretStore } from '../secrets';

export interface AuthKeys {
  get(webhookId: number): Promise<string | null>;
  set(webhookId: number, key: string): Promise<void>;
  delete(webhookId: number): Promise<void>;
}

export function authKeyName(apiUrl: string, webhookId: number): string {
  return `webhook-auth:${apiUrl}:${webhookId}`;
}

export function createAuthKeys(deps: {
  secrets: SecretStore;
  apiUrl: string;
  keepKeysInMemory: boolean;
}): AuthKeys {
  const cache = new Map<number, string>();
  const name = (id: number) => authKeyName(deps.apiUrl, id);
  return {
    async get(id) {
      const cached = cache.get(id);
      if (cached !== undefined || deps.keepKeysInMemory) return cached ?? null;
      const stored = await deps.secrets.get(name(id));
      if (stored !== null) cache.set(id, stored);
      return stored;
    },
    async set(id, key) {
      if (cache.get(id) === key) return;
      if (!deps.keepKeysInMemory) await deps.secrets.set(name(id), key);
      cache.set(id, key);
    },
    async delete(id) {
      cache.delete(id);
      if (!deps.keepKeysInMemory) await deps.secrets.delete(name(id));
    },
  };
}
