// A job runs its rule as the rule is now (review R13 MEDIUM 2): a forward rule edited into an
// email rule after the sale came in has its job held for an email's try, so a second worker on
// the same data folder (the app and `listen`) does not send the email again while the first still
// waits for the mail server, and a try of it cut off by a crash is said to be repeated once.
import { describe, expect, it } from 'vitest';
import type { Action } from '../../../main/delivery/types';
import { addRule, forwardAction, recordSale, useDeliveryRig } from '../../support/delivery-rig';

const { db, worker, jobOf } = useDeliveryRig();

const lines = () =>
  db.store.activity
    .list(db.accountId, { limit: 50, offset: 0 })
    .items.map((e) => e.message)
    .reverse();

/** A forward rule for every sale, edited into an email rule once `sessionId`'s sale is in. */
function saleThenEmailRule(sessionId: number) {
  const rule = addRule(db.store, db.accountId, {
    action: { kind: 'forward', url: 'https://shop.example.com/hook' },
  });
  const saleId = recordSale(db.store, db.accountId, sessionId);
  db.store.deliveryRules.edit(db.accountId, rule.id, {
    action: { kind: 'email', subject: 'Your {product}', body: 'Hi', downloadUrl: null },
  });
  return saleId;
}

/** An email action whose mail server confirms after `ms`; the emails it was asked to send. */
function slowEmail(ms: number) {
  const sent: number[] = [];
  const action: Action = ({ job, signal }) => {
    sent.push(job.id);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(resolve, ms);
      signal.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          reject(signal.reason instanceof Error ? signal.reason : new Error('stopped'));
        },
        { once: true },
      );
    });
  };
  return { action, sent };
}

describe('a job whose rule became an email rule', { timeout: 30_000 }, () => {
  it('is held for an email’s try: two workers on one folder send it once', async () => {
    const saleId = saleThenEmailRule(9201);
    const email = slowEmail(1_500);
    // A forward's claim (300 + 200 ms) lapses long before the email is confirmed; an email's not.
    const limits = { tryMs: 300, emailTryMs: 5_000, claimMarginMs: 200, idleMs: 50 };
    worker(db.store, { actions: { forward: forwardAction(), email: email.action }, limits });
    worker(db.store, { actions: { forward: forwardAction(), email: email.action }, limits });

    await expect.poll(() => jobOf(saleId).status, { timeout: 20_000 }).toBe('done');
    expect(email.sent).toEqual([jobOf(saleId).id]);
    expect(jobOf(saleId).attempts).toBe(1);
  });

  it('says a try of it cut off by a crash is repeated once', async () => {
    const saleId = saleThenEmailRule(9202);
    expect(db.store.deliveryJobs.claim(Date.now(), 1, ['forward'])).toBeDefined();
    const email = slowEmail(0);
    worker(db.store, { actions: { forward: forwardAction(), email: email.action } });

    await expect.poll(() => jobOf(saleId).status, { timeout: 20_000 }).toBe('done');
    expect(jobOf(saleId)).toMatchObject({ attempts: 2, maxAttempts: 2 });
    expect(lines()).toContain(
      "The last try of the email to Jane Doe (rule 'Shop backend') was cut off when Checkout Console stopped unexpectedly; it may have gone out. Trying once more, with the same key.",
    );
  });
});
