// Review R6 H1: the quarantine keeps junk and readable events within limits of their own, so a
// flood of one never deletes the other.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { NewEvent } from '../../../main/store/events';
import { OLDEST_OF_KIND_SQL } from '../../../main/store/quarantine';
import { withRawDb } from '../../support/raw-db';
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
    const small = { ...keep, readableEvents: 100, readableBytes: size * 16 };
    const dropped: number[] = [];
    for (let s = 10; s < 40; s += 1)
      dropped.push(store.events.quarantine(readable(accountId, s), small).droppedReadable);
    const kept = quarantined(accountId);
    expect(kept.reduce((sum, b) => sum + Buffer.byteLength(b), 0)).toBeLessThanOrEqual(size * 16);
    // Cut a sixteenth below the limit when passed: the 17th leaves 15 (two go), the next fits,
    // the one after cuts to 15 again; so 15 or 16 are kept.
    expect(dropped.slice(0, 16)).toEqual(Array(16).fill(0));
    expect(dropped.slice(16, 20)).toEqual([2, 0, 2, 0]);
    expect(kept.length).toBeGreaterThanOrEqual(15);
  });

  it('stays within a larger limit, cutting a sixteenth below it when passed', () => {
    const { store, accountId } = current;
    const larger = { ...keep, events: 64 };
    let most = 0;
    const counts: number[] = [];
    for (let k = 0; k < 300; k += 1) {
      store.events.quarantine(junk(accountId, k), larger);
      counts.push(store.events.count(accountId, 'invalid'));
      most = Math.max(most, counts.at(-1)!);
    }
    expect(most).toBe(64);
    // The 65th passes the limit and cuts to 60 (64 less a sixteenth); four more fit before the next cut.
    expect(counts.slice(63, 70)).toEqual([64, 60, 61, 62, 63, 64, 60]);
    const kept = quarantined(accountId).map((b) => JSON.parse(b).junk);
    expect(kept[0]).toBe(299);
    expect(kept.length).toBeGreaterThanOrEqual(60);
  });

  it('finds the oldest quarantined rows through an index, not by reading every event', () => {
    const { store, accountId } = current;
    // The trim's own statement, for each kind.
    for (const kind of [0, 1]) {
      const plan = withRawDb(store.file, (db) =>
        z
          .array(z.object({ detail: z.string() }))
          .parse(db.prepare(`EXPLAIN QUERY PLAN ${OLDEST_OF_KIND_SQL}`).all(accountId, kind, 16)),
      );
      const detail = plan.map((p) => p.detail).join(' ');
      expect(detail).toContain('webhook_events_attention');
      expect(detail).not.toContain('TEMP B-TREE');
    }
  });
});
