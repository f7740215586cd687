// A sale and its delivery jobs are committed without waiting for the disk, and so is a job's
// claim. An action that ran before they reached the disk could be followed by a power cut that
// loses the job: the event is processed again at restart into a NEW job, with a new idempotency
// key the endpoint cannot match, and the product goes out twice. So no action runs until the
// claim (and everything committed before it) is synced.
import { describe, expect, it } from 'vitest';
import type { Action } from '../../../main/delivery';
import { addRule, recordSale, useDeliveryRig } from '../../support/delivery-rig';
import { holdDiskSyncs } from '../../support/held-disk-sync';

const { db, worker, jobOf } = useDeliveryRig();

/** A forward action that only counts its runs: what matters is whether it ran. */
function countingAction(): { action: Action; runs(): number } {
  let runs = 0;
  return {
    action: () => {
      runs += 1;
      return Promise.resolve();
    },
    runs: () => runs,
  };
}

const ruleAndSale = () => {
  addRule(db.store, db.accountId, { action: { kind: 'forward', url: 'http://127.0.0.1:9/' } });
  return recordSale(db.store, db.accountId, 701);
};

describe('the delivery worker and the disk', { timeout: 30_000 }, () => {
  it('runs no action until the claimed job has been synced to disk', async () => {
    const sale = ruleAndSale();
    const held = holdDiskSyncs(db.store);
    const forward = countingAction();
    worker(held.repos, { actions: { forward: forward.action } });

    // Either the worker asks for the sync, or (without it) the action runs at once.
    await expect.poll(() => held.count() + forward.runs()).toBeGreaterThan(0);
    expect(jobOf(sale).attempts).toBe(1);
    expect(forward.runs()).toBe(0);
    held.release();
    await expect.poll(() => jobOf(sale).status).toBe('done');
    expect(forward.runs()).toBe(1);
  });

  it('runs no action and claims no more once a sync fails, releasing the claim uncounted', async () => {
    const first = ruleAndSale();
    const held = holdDiskSyncs(db.store);
    const forward = countingAction();
    const logged: string[] = [];
    const { worker: running } = worker(held.repos, {
      actions: { forward: forward.action },
      log: (line) => logged.push(line),
    });

    await expect.poll(() => held.count() + forward.runs()).toBeGreaterThan(0);
    held.fail(new Error('The data file could not be saved to disk (EIO).'));
    await expect.poll(() => logged.length).toBeGreaterThan(0);
    expect(logged[0]).toContain('could not be saved to disk');
    const second = recordSale(db.store, db.accountId, 702);
    // Woken, a worker still claiming takes the new job within the next turns of the event loop.
    running.wake();
    for (let turn = 0; turn < 3; turn += 1) await new Promise((resolve) => setImmediate(resolve));
    expect(forward.runs()).toBe(0);
    expect(held.count()).toBe(1);
    // Claimed, then released as never tried; the new sale's job never claimed.
    await expect.poll(() => jobOf(first).attempts).toBe(0);
    expect(jobOf(first).status).toBe('pending');
    expect(jobOf(second)).toMatchObject({ status: 'pending', attempts: 0 });
    // The next start does not take the first job for a try cut off mid-way (which would leave an
    // email or a command one try, with a "may have gone out" warning).
    const next = db.store.deliveryJobs.claim(Date.now(), 60_000, ['forward'], [], ['forward']);
    expect(next).toMatchObject({ id: jobOf(first).id, cutOff: false, maxAttempts: 8 });
  });

  it('runs no action when the worker stops while the claim is being synced; the try is not counted', async () => {
    const sale = ruleAndSale();
    const held = holdDiskSyncs(db.store);
    const forward = countingAction();
    const { worker: running } = worker(held.repos, { actions: { forward: forward.action } });
    await expect.poll(() => held.count() + forward.runs()).toBeGreaterThan(0);
    const stopped = running.stop();
    held.release();
    await stopped;
    expect(forward.runs()).toBe(0);
    expect(jobOf(sale)).toMatchObject({ status: 'pending', attempts: 0 });
    expect(db.store.activity.list(db.accountId, { limit: 10, offset: 0 }).items).toEqual([]);
    const next = db.store.deliveryJobs.claim(Date.now(), 60_000, ['forward'], [], ['forward']);
    expect(next).toMatchObject({ id: jobOf(sale).id, cutOff: false, maxAttempts: 8 });
  });
});
