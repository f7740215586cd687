import type { SecretStore } from './types';

/** For tests only. The app never falls back to this: secrets would vanish on restart. */
export function createMemorySecrets(): SecretStore {
  const entries = new Map<string, string>();
  return {
    get: async (name) => entries.get(name) ?? null,
    set: async (name, value) => {
      entries.set(name, value);
    },
    delete: async (name) => entries.delete(name),
  };
}
