// Activity pages through every delivery once, newest first, where the id order and the time order
// differ: a quarantined delivery promoted when it later verifies (its id is older than its new
// received_at), and a clock set back. Paging by one order and merging by the other showed some
// deliveries twice and lost others (a review of a schema that listed deliveries by id).
import { describe, expect, it } from 'vitest';
import { listActivity } from '../../../main/sales';
import { useTempDir } from '../../support/temp-dir';
import { openStoreWithAccount } from '../../support/test-store';

const tmp = useTempDir('cc-activity-paging-');

function clock() {
  let t = Date.parse('2026-11-30T10:00:00.000Z');
  return () => new Date((t += 1000)).toISOString();
}

const ev = (accountId: number, n: number) => ({
  accountId,
  body: JSON.stringify({ n }),
  headers: {},
  eventType: 'checkout.failed',
  sessionId: null,
  businessKey: null,
});

function pages(
  store: Parameters<typeof listActivity>[0],
  accountId: number,
  kind: 'event' | undefined,
  limit: number,
) {
  const seen: Array<{ key: string; at: string }> = [];
  const { total } = listActivity(store, accountId, { kind, limit, offset: 0 });
  for (let offset = 0; offset < total; offset += limit) {
    for (const i of listActivity(store, accountId, { kind, limit, offset }).items) {
      seen.push({ key: i.key, at: i.at });
    }
  }
  return { total, seen };
}

describe('Activity paging with a promoted quarantined delivery', () => {
  for (const kind of ['event', undefined] as const) {
    it(`lists every item once, newest first (${kind ?? 'every source'})`, () => {
      const { store, accountId } = openStoreWithAccount(
        tmp.file('console.db'),
        {},
        { now: clock() },
      );
      try {
        const q = store.events.quarantine({ ...ev(accountId, 0), reason: 'bad signature' });
        for (let n = 1; n <= 9; n++) {
          store.events.insertVerified(ev(accountId, n));
          store.activity.add(accountId, 'note', `line ${n}`);
        }
        // The same body again, now verifying: the quarantined row becomes the stored event.
        const promoted = store.events.insertVerified(ev(accountId, 0));
        expect(promoted).toEqual({ id: q.id, duplicate: false });
        const { total, seen } = pages(store, accountId, kind, 3);
        const keys = seen.map((s) => s.key);
        expect(new Set(keys).size).toBe(keys.length);
        expect(keys.length).toBe(total);
        expect(keys).toContain(`event:${q.id}`);
        const ats = seen.map((s) => s.at);
        expect(ats).toEqual([...ats].sort().reverse());
      } finally {
        store.close();
      }
    });
  }
});

describe('Activity paging across a clock set back', () => {
  it('lists every delivery once', () => {
    let t = Date.parse('2026-11-30T10:00:00.000Z');
    let calls = 0;
    const now = () => {
      calls += 1;
      if (calls === 12) t -= 3_600_000; // NTP sets the clock back an hour
      return new Date((t += 1000)).toISOString();
    };
    const { store, accountId } = openStoreWithAccount(tmp.file('clock.db'), {}, { now });
    try {
      for (let n = 1; n <= 20; n++) store.events.insertVerified(ev(accountId, n));
      const { total, seen } = pages(store, accountId, 'event', 7);
      const keys = seen.map((s) => s.key);
      expect(new Set(keys).size).toBe(total);
    } finally {
      store.close();
    }
  });
});
