// Another connection holds the write lock (a CLI's long transaction, a stuck program) from
// another thread, for up to 6 s. The writer's transactions never wait for it in SQLite's busy
// handler (5 s, the event loop frozen): they fail at once and are tried again from a timer, the
// loop free meanwhile, with the deliveries that arrived since. Once the lock is free (within
// LOCK_WAIT_MS of a delivery's first try) every delivery is stored, once, and answered.
// (Past that bound they are answered 500: batching-busy.test.ts.)
import { describe, expect, it } from 'vitest';
import { writerOn } from '../../support/receiver-writer';
import { useTempDir } from '../../support/temp-dir';
import { openStoreWithAccount } from '../../support/test-store';
import { keylessEvent } from '../../support/keyless-event';
import { holdWriteLock } from '../../support/write-lock-holder';

const tmp = useTempDir('cc-receiver-lock-wait-');

const HOLD_MS = 6000;

/** A promise and whether it has settled yet. */
function tracked<T>(p: Promise<T>) {
  const t = { settled: false, promise: p };
  p.then(
    () => (t.settled = true),
    () => (t.settled = true),
  );
  return t;
}

/** What a timer `ms` on sees: it runs only if the event loop turns meanwhile. */
function lookLater<T>(ms: number, look: () => T): Promise<T> {
  return new Promise((resolve) => setTimeout(() => resolve(look()), ms));
}

async function rig() {
  const file = tmp.file('console.db');
  const { store, accountId } = openStoreWithAccount(file);
  const { writer, stop } = writerOn(store, store, {});
  const holder = await holdWriteLock(file, HOLD_MS);
  const end = async () => {
    await holder.release();
    await stop();
  };
  return { store, accountId, writer, holder, end };
}

describe('the delivery writer while another thread holds the write lock', () => {
  it('keeps the loop turning and stores what arrived once the lock is freed', async () => {
    const r = await rig();
    try {
      const first = [1, 2, 3].map((n) =>
        tracked(r.writer.insertVerified(keylessEvent(r.accountId, n))),
      );
      // The loop turned while the lock was held, and the deliveries wait: neither answered nor refused.
      const seen = await lookLater(200, () => ({
        held: r.holder.held(),
        settled: first.filter((a) => a.settled).length,
      }));
      expect(seen).toEqual({ held: true, settled: 0 });
      // More arrive meanwhile: they join the next try.
      const later = [4, 5].map((n) =>
        tracked(r.writer.insertVerified(keylessEvent(r.accountId, n))),
      );
      const again = await lookLater(100, () => ({
        held: r.holder.held(),
        settled: [...first, ...later].filter((a) => a.settled).length,
      }));
      expect(again).toEqual({ held: true, settled: 0 });
      await r.holder.release();
      const stored = await Promise.all([...first, ...later].map((a) => a.promise));
      expect(stored.map((s) => s.duplicate)).toEqual([false, false, false, false, false]);
      expect(new Set(stored.map((s) => s.id)).size).toBe(5);
      expect(r.store.events.count(r.accountId)).toBe(5);
      // Stored once: the same delivery again is the same row.
      const repeat = await r.writer.insertVerified(keylessEvent(r.accountId, 1));
      expect(repeat).toEqual({ id: stored[0]!.id, duplicate: true });
      expect(r.store.events.count(r.accountId)).toBe(5);
    } finally {
      await r.end();
    }
  }, 30_000);

  it('keeps the loop turning for quarantines too, and stores each once after', async () => {
    const r = await rig();
    try {
      const junk = (n: number) => ({
        event: { ...keylessEvent(r.accountId, n), reason: 'bad signature' },
      });
      const held = [1, 2].map((n) => tracked(r.writer.quarantine(junk(n))));
      const verified = tracked(r.writer.insertVerified(keylessEvent(r.accountId, 9)));
      const seen = await lookLater(200, () => ({
        held: r.holder.held(),
        settled: [...held, verified].filter((a) => a.settled).length,
      }));
      expect(seen).toEqual({ held: true, settled: 0 });
      await r.holder.release();
      const results = await Promise.all(held.map((a) => a.promise));
      expect((await verified.promise).duplicate).toBe(false);
      expect(new Set(results.map((q) => q.id)).size).toBe(2);
      expect(r.store.events.count(r.accountId, 'invalid')).toBe(2);
      const repeat = await r.writer.quarantine(junk(1));
      expect(repeat.id).toBe(results[0]!.id);
      expect(r.store.events.count(r.accountId, 'invalid')).toBe(2);
    } finally {
      await r.end();
    }
  }, 30_000);
});
