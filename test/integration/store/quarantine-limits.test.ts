// Review R6 H1: the quarantine keeps junk and readable events within limits of their own, so a
// flood of one never deletes the other.
import { describe, expect, it } from 'vitest';
import type { NewEvent } from '../../../main/store/events';
import { useTempDir } from '../../support/temp-dir';
import { useStoreWithAccount } from '../../support/test-store';

const tmp = useTempDir('cc-quarantine-limits-');
const current = useStoreWithAccount(tmp, { name: 'quarantine' });

const junk = (accountId: number, k: number): NewEvent & { reason: string } => ({
  accountId,
  body: JSON.stringify({ junk: k }),
  headers: {},
  eventType: null,
  sessionId: null,
  businessKey: null,
  reason: 'unsigned',
});

const readable = (accountId: number, session: number): NewEvent & { reason: string } => ({
  accountId,
  body: JSON.stringify({
    event_type: 'checkout.failed',
    data: { object: { transaction_details: { session } } },
  }),
  headers: {},
  eventType: 'checkout.failed',
  sessionId: session,
  businessKey: `checkout.failed:session:${session}`,
  reason: 'no scheme matched',
});

const keep = { events: 3, bytes: 1_000_000, readableEvents: 4, readableBytes: 1_000_000 };

function quarantined(accountId: number): string[] {
  const { store } = current;
  return store.events
    .list(accountId, { limit: 100, offset: 0, verification: 'invalid' })
    .items.map((e) => e.body);
}

describe('quarantine limits', () => {
  it('never deletes a readable event to make room for junk', () => {
    const { store, accountId } = current;
    const real = store.events.quarantine(readable(accountId, 1), keep);
    let dropped = 0;
    for (let k = 0; k < 50; k += 1) {
      const r = store.events.quarantine(junk(accountId, k), keep);
      expect(r.droppedReadable).toBe(0);
      dropped += r.dropped;
    }
    expect(store.events.get(real.id)?.verification).toBe('invalid');
    expect(dropped).toBe(47);
    expect(quarantined(accountId)).toHaveLength(1 + 3);
  });

  it('bounds readable events by their own limit, keeping the newest, and says how many went', () => {
    const { store, accountId } = current;
    for (let k = 0; k < 3; k += 1) store.events.quarantine(junk(accountId, k), keep);
    const results = [];
    for (let s = 1; s <= 7; s += 1)
      results.push(store.events.quarantine(readable(accountId, s), keep));
    expect(results.map((r) => r.droppedReadable)).toEqual([0, 0, 0, 0, 1, 1, 1]);
    const sessions = store.events
      .list(accountId, { limit: 100, offset: 0, verification: 'invalid' })
      .items.flatMap((e) => (e.sessionId === null ? [] : [e.sessionId]));
    expect(sessions).toEqual([7, 6, 5, 4]);
    // The junk was not touched by the readable events' trim.
    expect(quarantined(accountId)).toHaveLength(4 + 3);
  });

  it('keeps readable events within their byte limit', () => {
    const { store, accountId } = current;
    const size = Buffer.byteLength(readable(accountId, 10).body);
    const small = { ...keep, readableEvents: 100, readableBytes: size * 2 };
    for (let s = 10; s < 15; s += 1) store.events.quarantine(readable(accountId, s), small);
    expect(quarantined(accountId)).toHaveLength(2);
  });
});
