// A normal quit during the last try a job has (review R13 MEDIUM 1): after a crash an email's
// job gets one more try; the app quitting during it (nothing sent by that try, but the cut-off
// one may have) leaves the job needing the merchant, and Activity says so, with what to check,
// instead of "it will be tried again". A quit during a try that is not the last still says that.
import { describe, expect, it } from 'vitest';
import type { Action } from '../../../main/delivery/types';
import { addRule, recordSale, useDeliveryRig } from '../../support/delivery-rig';

const { db, worker, jobOf } = useDeliveryRig();

const entries = () =>
  db.store.activity
    .list(db.accountId, { limit: 50, offset: 0 })
    .items.map((e) => ({ kind: e.kind, message: e.message }))
    .reverse();

/** An email action that sends nothing and ends only when the worker aborts it. */
function hanging() {
  let started = 0;
  const action: Action = ({ signal }) => {
    started += 1;
    return new Promise((_, reject) => {
      const stop = () => reject(signal.reason instanceof Error ? signal.reason : new Error('stop'));
      if (signal.aborted) stop();
      else signal.addEventListener('abort', stop, { once: true });
    });
  };
  return { action, started: () => started };
}

function emailRule() {
  addRule(db.store, db.accountId, {
    action: { kind: 'email', subject: 'Your {product}', body: 'Hi', downloadUrl: null },
  });
}

describe('quitting during a delivery try', { timeout: 30_000 }, () => {
  it('ends a cut-off email job’s last try in "needs attention", saying the earlier try may have sent it', async () => {
    emailRule();
    const saleId = recordSale(db.store, db.accountId, 9101);
    // What a SIGKILL mid-try leaves: a claim that lapses without an end.
    expect(db.store.deliveryJobs.claim(Date.now(), 1, ['email'])).toBeDefined();
    const email = hanging();
    const { worker: w } = worker(db.store, { actions: { email: email.action } });
    await expect.poll(() => email.started(), { timeout: 20_000 }).toBe(1);

    await w.stop();

    expect(jobOf(saleId)).toMatchObject({
      status: 'needs_attention',
      attempts: 2,
      maxAttempts: 2,
      lastError:
        "Checkout Console stopped during the try. An earlier try may already have delivered it: check with Jane Doe or your mail provider's sent mail whether it arrived, then Retry or Mark done",
    });
    expect(entries().at(-1)).toEqual({
      kind: 'delivery_attention',
      message:
        "Emailing Jane Doe the Café Guide (ebook) (rule 'Shop backend') needs attention: Checkout Console stopped during the try. An earlier try may already have delivered it: check with Jane Doe or your mail provider's sent mail whether it arrived, then Retry or Mark done.",
    });
  });

  it('releases a try that is not the last for the next start, saying it will be tried again', async () => {
    emailRule();
    const saleId = recordSale(db.store, db.accountId, 9102);
    const email = hanging();
    const { worker: w } = worker(db.store, { actions: { email: email.action } });
    await expect.poll(() => email.started(), { timeout: 20_000 }).toBe(1);

    await w.stop();

    expect(jobOf(saleId)).toMatchObject({
      status: 'pending',
      attempts: 1,
      maxAttempts: 8,
      lastError: 'Checkout Console stopped during the try',
    });
    expect(entries().at(-1)).toEqual({
      kind: 'delivery_retry',
      message:
        "Emailing Jane Doe the Café Guide (ebook) (rule 'Shop backend') was cut short as Checkout Console stopped; it will be tried again.",
    });
  });

  it('leaves a command it gave up waiting for one more try at most: it may still have run', async () => {
    addRule(db.store, db.accountId, {
      action: { kind: 'command', command: 'deliver', timeoutSeconds: 60 },
    });
    const saleId = recordSale(db.store, db.accountId, 9103);
    let started = 0;
    // Ignores its signal: a command stuck where even SIGKILL does not end it at once.
    const stuck: Action = () => {
      started += 1;
      return new Promise(() => undefined);
    };
    const { worker: w } = worker(db.store, { actions: { command: stuck } });
    await expect.poll(() => started, { timeout: 20_000 }).toBe(1);

    await w.stop();

    expect(jobOf(saleId)).toMatchObject({ status: 'pending', attempts: 1, maxAttempts: 2 });
    expect(jobOf(saleId).lastError).toMatch(/the command had not ended and may have done part/);
  });
});
