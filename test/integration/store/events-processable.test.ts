// events.getProcessable: the narrow read processing does per event instead of get(); it must
// give exactly the fields get() gives, for every kind of row.
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../support/temp-dir';
import { useStoreWithAccount } from '../../support/test-store';

const tmp = useTempDir('cc-events-processable-');
const ctx = useStoreWithAccount(tmp);

const event = (accountId: number, key: string) => ({
  accountId,
  body: JSON.stringify({ event_type: 'checkout.succeeded', key }),
  headers: { 'content-type': 'application/json', 'x-quaderno-signature': 'abc' },
  eventType: 'checkout.succeeded',
  sessionId: 7,
  businessKey: key,
});

describe('events.getProcessable', () => {
  it('reads the same id, account, time, body and verification as get()', () => {
    const { events } = ctx.store;
    const verified = events.insertVerified(event(ctx.accountId, 'a')).id;
    const quarantined = events.quarantine({ ...event(ctx.accountId, 'b'), reason: 'bad' }).id;
    for (const id of [verified, quarantined]) {
      const full = events.get(id);
      expect(full).toBeDefined();
      expect(events.getProcessable(id)).toEqual({
        id: full?.id,
        accountId: full?.accountId,
        receivedAt: full?.receivedAt,
        body: full?.body,
        verification: full?.verification,
      });
    }
    expect(events.getProcessable(verified)?.verification).toBe('valid');
    expect(events.getProcessable(quarantined)?.verification).toBe('invalid');
  });

  it('is undefined for an id that is not stored', () => {
    expect(ctx.store.events.getProcessable(987654)).toBeUndefined();
  });
});
