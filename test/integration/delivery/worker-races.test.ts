// The worker against what happens around a try while it runs: another process holding the write
// lock past busy_timeout when the try ends, the wall clock stepping past the claim, the merchant
// marking the job done. Each must leave one delivery and an Activity that tells the truth.
import { describe, expect, it } from 'vitest';
import type { Action } from '../../../main/delivery';
import { addRule, forwardAction, recordSale, useDeliveryRig } from '../../support/delivery-rig';
import { startForwardSink } from '../../support/forward-sink';
import { openRawDb } from '../../support/raw-db';

const { db, closing, defer, worker, jobOf } = useDeliveryRig();

const deliveryLines = () =>
  db.store.activity
    .list(db.accountId, { limit: 100, offset: 0 })
    .items.filter((e) => e.kind.startsWith('delivery_'))
    .map((e) => e.message);

/** An action that holds each try until `release()`, then runs the real forward. */
function heldForward() {
  const calls: string[] = [];
  let release: () => void = () => undefined;
  const gate = new Promise<void>((r) => (release = r));
  const action: Action = async (run) => {
    calls.push(run.job.idempotencyKey);
    await gate;
    await forwardAction()(run);
  };
  return { action, calls, release: () => release() };
}

describe('the delivery worker around a running try', { timeout: 90_000 }, () => {
  it('keeps a success whose commit meets a write lock held past busy_timeout, and delivers once', async () => {
    const endpoint = closing(await startForwardSink());
    addRule(db.store, db.accountId, { action: { kind: 'forward', url: endpoint.url() } });
    const saleId = recordSale(db.store, db.accountId, 801);
    const other = openRawDb(db.store.file);
    defer(() => other.close());
    let lockReleased: Promise<void> | undefined;
    // Another process takes the write lock for 6 s right after the endpoint's 200.
    const forwardThenLock: Action = async (run) => {
      await forwardAction()(run);
      if (lockReleased) return;
      other.exec('BEGIN IMMEDIATE');
      lockReleased = new Promise((r) => setTimeout(r, 6_000)).then(() => {
        other.exec('COMMIT');
      });
    };
    // A claim that lapses long before the lock goes (3.5 s after it was taken, the lock 6 s after
    // the POST): the old code took the job again. The try's own limit is no race: at 500 ms a
    // loaded machine's first POST outlasted it, and the retry made attempts 2 (1 of 4 runs).
    worker(db.store, {
      actions: { forward: forwardThenLock },
      limits: { tryMs: 3_000, claimMarginMs: 500 },
    });

    await expect.poll(() => lockReleased !== undefined, { timeout: 20_000 }).toBe(true);
    await lockReleased;
    await expect.poll(() => jobOf(saleId).status, { timeout: 60_000 }).toBe('done');
    expect(endpoint.received()).toHaveLength(1);
    expect(jobOf(saleId).attempts).toBe(1);
    expect(db.store.fulfillments.get(db.accountId, saleId)?.status).toBe('fulfilled');
  });

  it('never runs a second try of a job while its first runs, when the wall clock steps past the claim', async () => {
    const endpoint = closing(await startForwardSink());
    addRule(db.store, db.accountId, { action: { kind: 'forward', url: endpoint.url() } });
    const first = recordSale(db.store, db.accountId, 802);
    const held = heldForward();
    let offset = 0;
    const { worker: w } = worker(db.store, {
      actions: { forward: held.action },
      now: () => Date.now() + offset,
      limits: { tryMs: 5_000 },
    });
    await expect.poll(() => held.calls.length).toBe(1);

    offset = 60_000; // a laptop waking up, an NTP step: the first try's claim reads as lapsed
    const second = recordSale(db.store, db.accountId, 803);
    w.wake();
    // The second sale's try starting shows the worker claimed again after the step.
    await expect.poll(() => held.calls.includes(jobOf(second).idempotencyKey)).toBe(true);
    held.release();

    await expect.poll(() => jobOf(first).status, { timeout: 20_000 }).toBe('done');
    await expect.poll(() => jobOf(second).status, { timeout: 20_000 }).toBe('done');
    expect(held.calls.filter((k) => k === jobOf(first).idempotencyKey)).toHaveLength(1);
    expect(endpoint.received()).toHaveLength(2);
    expect(jobOf(first).attempts).toBe(1);
  });

  it('writes no retry line when a try fails after the merchant marked its job done', async () => {
    let failedTry = false;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const failing: Action = async () => {
      await gate;
      failedTry = true;
      throw new Error('the endpoint answered 500');
    };
    const rule = addRule(db.store, db.accountId, {
      action: { kind: 'forward', url: 'http://127.0.0.1:9/' },
    });
    const saleId = recordSale(db.store, db.accountId, 804);
    const { worker: w } = worker(db.store, { actions: { forward: failing } });
    await expect.poll(() => jobOf(saleId).attempts).toBe(1);

    db.store.deliveryJobs.markDone(db.accountId, jobOf(saleId).id);
    release();
    await expect.poll(() => failedTry).toBe(true);
    await w.stop(); // waits for the try's end to be written

    expect(deliveryLines().filter((l) => l.includes(rule.name))).toEqual([]);
    expect(jobOf(saleId)).toMatchObject({ status: 'done', doneBy: 'merchant', attempts: 1 });
  });
});
