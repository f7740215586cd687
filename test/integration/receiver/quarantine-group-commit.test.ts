// Review R6 M4: unverified deliveries are stored through the writer's group commit (one
// transaction and one sync for all that queued), not one FULL commit each on the loop.
import { describe, expect, it } from 'vitest';
import { createWriter } from '../../../main/receiver/batching';
import type { NewEvent } from '../../../main/store';
import { useTempDir } from '../../support/temp-dir';
import { useStoreWithAccount } from '../../support/test-store';

const tmp = useTempDir('cc-quarantine-group-commit-');
const current = useStoreWithAccount(tmp, { name: 'group' });

const junk = (accountId: number, k: number) => ({
  accountId,
  body: JSON.stringify({ junk: k }),
  headers: {},
  eventType: null,
  sessionId: null,
  businessKey: null,
  reason: 'unsigned',
});

const signed = (accountId: number, session: number): NewEvent => ({
  accountId,
  body: JSON.stringify({
    event_type: 'checkout.abandoned',
    data: { object: { transaction_details: { session } } },
  }),
  headers: {},
  eventType: 'checkout.abandoned',
  sessionId: session,
  businessKey: `checkout.abandoned:session:${session}`,
});

describe('quarantine through the group commit', () => {
  it('stores a burst of unverified deliveries beside verified ones, within the junk limit', async () => {
    const { store, accountId } = current;
    const writer = createWriter(
      store,
      () => {},
      () => false,
    );
    try {
      const keep = { events: 10 };
      const burst = Array.from({ length: 50 }, (_, k) =>
        writer.quarantine({ event: junk(accountId, k), keep }),
      );
      const verified = writer.insertVerified(signed(accountId, 31));
      const results = await Promise.all(burst);
      expect(new Set(results.map((r) => r.id)).size).toBe(50);
      expect(results.reduce((sum, r) => sum + r.dropped, 0)).toBe(40);
      expect(await verified).toMatchObject({ duplicate: false });
      expect(store.events.count(accountId, 'invalid')).toBe(10);
      expect(store.events.count(accountId, 'valid')).toBe(1);
      // The newest ten are the ones kept.
      const kept = store.events
        .list(accountId, { limit: 20, offset: 0, verification: 'invalid' })
        .items.map((e) => JSON.parse(e.body).junk);
      expect(kept).toEqual([49, 48, 47, 46, 45, 44, 43, 42, 41, 40]);
    } finally {
      await writer.close();
    }
  });

  it('answers a quarantine the store refuses with an error and stores its neighbours', async () => {
    const { store, accountId } = current;
    const writer = createWriter(
      store,
      () => {},
      () => false,
    );
    try {
      const good = writer.quarantine({ event: junk(accountId, 1) });
      const bad = writer.quarantine({ event: junk(accountId + 1000, 2) }); // no such account
      await expect(bad).rejects.toThrow();
      expect((await good).id).toBeGreaterThan(0);
      expect(store.events.count(accountId, 'invalid')).toBe(1);
    } finally {
      await writer.close();
    }
  });
});
