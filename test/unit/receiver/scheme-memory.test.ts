import { describe, expect, it } from 'vitest';
import { rememberedScheme } from '../../../main/receiver';
import { createSchemeMemory } from '../../../main/receiver/schemes';
import { useTempDir } from '../../support/temp-dir';
import { openStoreWithAccount } from '../../support/test-store';

const tmp = useTempDir('cc-scheme-memory-');

describe('signature scheme memory', () => {
  it('logs a departure from the documented scheme and each change, and tells the live status every time', () => {
    const { store, accountId: id } = openStoreWithAccount(tmp.file('console.db'));
    try {
      const told: string[] = [];
      const memory = createSchemeMemory(
        store,
        () => new Date().toISOString(),
        (_, s) => told.push(s),
      );
      memory.seen(id, 'documented');
      memory.seen(id, 'documented');
      memory.seen(id, 'sorted_params');
      expect(memory.preferred(id)).toBe('sorted_params');
      memory.seen(id, 'unverifiable');
      // Nothing verified the last deliveries: the documented scheme is tried first again.
      expect(memory.preferred(id)).toBe('documented');
      expect(told).toEqual(['documented', 'sorted_params', 'unverifiable']);
      const lines = store.activity
        .list(id, { limit: 10, offset: 0, kind: 'signature_scheme' })
        .items.map((a) => a.message)
        .reverse();
      expect(lines).toEqual([
        'Webhook deliveries changed from "verified (documented scheme)" to "verified (sorted-parameters scheme)".',
        `Webhook deliveries changed from "verified (sorted-parameters scheme)" to "not verifiable: sales confirmed through Quaderno's API".`,
      ]);
      expect(rememberedScheme(store, id)).toBe('unverifiable');
    } finally {
      store.close();
    }
  });

  it('is deleted with its account', () => {
    const { store, accountId: first } = openStoreWithAccount(tmp.file('console.db'));
    try {
      createSchemeMemory(store, () => new Date().toISOString()).seen(first, 'ruby_snippet');
      expect(rememberedScheme(store, first)).toBe('ruby_snippet');
      store.accounts.remove(first);
      expect(
        Object.keys(store.settings.all()).filter((k) => k.includes('signatureScheme')),
      ).toEqual([]);
    } finally {
      store.close();
    }
  });
});
