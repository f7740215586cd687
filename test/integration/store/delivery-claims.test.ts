import { describe, expect, it } from 'vitest';
import { openStore } from '../../../main/store';
import { emailRule, recordSale } from '../../support/delivery-store';
import { useCleanups } from '../../support/cleanups';
import { addNamedAccount } from '../../support/named-accounts';
import { useTempDir } from '../../support/temp-dir';
import { useStoreWithAccount } from '../../support/test-store';

const tmp = useTempDir('cc-claims-');
const rig = useStoreWithAccount(tmp);
const cleanups = useCleanups();
const jobs = () => rig.store.deliveryJobs;
const HOLD = 45_000;

/** One email job on a new sale; its id and the sale's. */
function oneJob(sessionId = 1, ruleName = 'Ebook email') {
  if (rig.store.deliveryRules.list(rig.accountId).length === 0) {
    rig.store.deliveryRules.add(rig.accountId, emailRule({ name: ruleName }));
  }
  const sale = recordSale(rig.store, rig.accountId, sessionId);
  const id = sale.jobs?.[0];
  if (id === undefined) throw new Error('the sale got no job');
  return { id, saleId: sale.id };
}

const sale = (id: number) => rig.store.fulfillments.get(rig.accountId, id);

describe('claiming delivery jobs', () => {
  it('takes the oldest due job, holds it and counts the attempt', () => {
    const first = oneJob(1);
    oneJob(2);
    const now = Date.now();

    const claimed = jobs().claim(now, HOLD, ['email']);

    expect(claimed).toMatchObject({ id: first.id, accountId: rig.accountId, attempts: 1 });
    expect(jobs().claim(now, HOLD, ['forward', 'command'])).toBeUndefined();
    expect(jobs().claim(now, HOLD, ['email'])?.id).not.toBe(first.id);
    expect(jobs().claim(now, HOLD, ['email'])).toBeUndefined();
    // A worker that died leaves its claim to lapse; the try it started still counts.
    expect(jobs().claim(now + HOLD + 1, HOLD, ['email'])).toMatchObject({
      id: first.id,
      attempts: 2,
    });
  });

  it('never hands one job to two stores on the same file', () => {
    for (let s = 1; s <= 20; s += 1) oneJob(s);
    const other = cleanups.closing(openStore(rig.store.file));
    const taken: number[] = [];
    const now = Date.now();
    for (let round = 0; round < 15; round += 1) {
      for (const store of [rig.store, other]) {
        const job = store.deliveryJobs.claim(now, HOLD, ['email']);
        if (job) taken.push(job.id);
      }
    }
    expect(taken).toHaveLength(20);
    expect(new Set(taken).size).toBe(20);
  });

  it('never hands a job to the worker that still runs it, whatever the clock says', () => {
    const { id } = oneJob(1);
    const now = Date.now();
    jobs().claim(now, HOLD, ['email']);
    const later = now + HOLD + 60_000;
    expect(jobs().claim(later, HOLD, ['email'], [id])).toBeUndefined();
    expect(jobs().claim(later, HOLD, ['email'])?.id).toBe(id);
  });

  it("writes a try's failure only while its claim is the job's latest; a success always", () => {
    const { saleId } = oneJob(1);
    const now = Date.now();
    const first = jobs().claim(now, HOLD, ['email']);
    const second = jobs().claim(now + HOLD + 1, HOLD, ['email']);
    if (!first || !second) throw new Error('expected two claims of the job');
    expect(second.claim).toBeGreaterThan(first.claim ?? Infinity);

    expect(jobs().failedTry(first, 'timed out', now + 10_000)).toMatchObject({
      written: false,
      job: { status: 'pending', lastError: null, attempts: 2 },
    });
    // The first try's claim cannot be mistaken for a later one, even with the clock set back.
    jobs().failedTry(second, 'refused', now + 10_000);
    const third = jobs().claim(now + 10_000, HOLD, ['email']);
    expect(third?.claim).toBeGreaterThan(second.claim ?? Infinity);
    expect(jobs().failedTry(second, 'late', null).written).toBe(false);

    expect(jobs().succeeded(first.id)).toMatchObject({ status: 'done', doneBy: 'rule' });
    expect(sale(saleId)?.status).toBe('fulfilled');
    expect(jobs().failedTry(third ?? first, 'after done', null).written).toBe(false);
  });

  it('leaves a job that is not due yet, and says when it is', () => {
    const { id } = oneJob();
    const now = Date.now();
    jobs().claim(now, HOLD, ['email']);
    expect(jobs().nextDueAt(['email'])).toBe(now + HOLD + 1);
    // The try is still under way in this process: not due at all, even once its claim lapses.
    expect(jobs().nextDueAt(['email'], [id])).toBeUndefined();
    jobs().failed(id, 'mail server down', now + 10_000);
    expect(jobs().claim(now + 9_999, HOLD, ['email'])).toBeUndefined();
    expect(jobs().nextDueAt(['email'])).toBe(now + 10_000);
    expect(jobs().nextDueAt(['forward'])).toBeUndefined();
    expect(jobs().claim(now + 10_000, HOLD, ['email'])?.id).toBe(id);
  });

  it('holds the jobs of a sale marked fulfilled by hand until Undo', () => {
    const held = oneJob(1);
    const other = oneJob(2);
    const later = oneJob(3);
    const now = Date.now();
    // Its first try failed (the mail server was down); the merchant then sent it by hand.
    jobs().claim(now, HOLD, ['email']);
    jobs().failed(held.id, 'mail server down', now + 10_000);
    rig.store.fulfillments.markFulfilled(rig.accountId, held.saleId, 'sent by hand');

    // Neither claimed nor due: the other sales' jobs go ahead, the one due after it is waited for.
    expect(jobs().claim(now + 20_000, HOLD, ['email'])?.id).toBe(other.id);
    jobs().succeeded(other.id);
    expect(jobs().claim(now + 20_000, HOLD, ['email'])?.id).toBe(later.id);
    jobs().failed(later.id, 'mail server down', now + 30_000);
    expect(jobs().claim(now + 20_000, HOLD, ['email'])).toBeUndefined();
    expect(jobs().nextDueAt(['email'])).toBe(now + 30_000);
    jobs().succeeded(later.id);
    expect(jobs().nextDueAt(['email'])).toBeUndefined();
    expect(() => jobs().retry(rig.accountId, held.id, now + 20_000)).toThrow(
      `Sale ${held.saleId} is marked fulfilled, so its deliveries are held. To deliver it ` +
        `anyway, undo that first (in the sale, or \`checkout-console fulfillment undo ${held.saleId}\`).`,
    );
    expect(jobs().get(rig.accountId, held.id)).toMatchObject({ status: 'pending', attempts: 1 });

    // Undone, the sale is to deliver again: its job is due as it was, its try counted.
    rig.store.fulfillments.undo(rig.accountId, held.saleId);
    expect(jobs().nextDueAt(['email'])).toBe(now + 10_000);
    expect(jobs().claim(now + 20_000, HOLD, ['email'])).toMatchObject({
      id: held.id,
      attempts: 2,
    });
  });
});

describe('ending delivery jobs', () => {
  it('marks the sale fulfilled by the rule when its only job succeeds', () => {
    const { id, saleId } = oneJob();
    jobs().claim(Date.now(), HOLD, ['email']);

    const done = jobs().succeeded(id);

    expect(done).toMatchObject({ status: 'done', doneBy: 'rule', nextTryAt: null });
    expect(done.doneAt).not.toBeNull();
    expect(sale(saleId)).toMatchObject({
      status: 'fulfilled',
      note: "Fulfilled by rule 'Ebook email'",
    });
    expect(rig.store.fulfillments.countNew(rig.accountId)).toBe(0);
  });

  it('waits for every job of the sale, and keeps a note the merchant wrote', () => {
    rig.store.deliveryRules.add(rig.accountId, emailRule({ name: 'Email' }));
    rig.store.deliveryRules.add(rig.accountId, emailRule({ name: 'Shop' }));
    const recorded = recordSale(rig.store, rig.accountId, 1);
    const [a, b] = recorded.jobs ?? [];
    if (a === undefined || b === undefined) throw new Error('expected two jobs');

    jobs().succeeded(a);
    expect(sale(recorded.id)?.status).toBe('new');
    jobs().markDone(rig.accountId, b);
    expect(sale(recorded.id)).toMatchObject({
      status: 'fulfilled',
      note: "Fulfilled by rule 'Email'",
    });

    rig.store.deliveryRules.add(rig.accountId, emailRule({ name: 'Third' }));
    const noted = recordSale(rig.store, rig.accountId, 2);
    rig.store.fulfillments.markFulfilled(rig.accountId, noted.id, 'Sent by post');
    rig.store.fulfillments.undo(rig.accountId, noted.id);
    for (const job of noted.jobs ?? []) jobs().succeeded(job);
    expect(sale(noted.id)).toMatchObject({ status: 'fulfilled', note: 'Sent by post' });
  });

  it('retries later, then needs attention once the attempts run out', () => {
    const { id } = oneJob();
    const now = Date.now();
    const claimed = jobs().claim(now, HOLD, ['email']);
    const again = jobs().failed(id, 'mail server down', now + 10_000);
    expect(again).toMatchObject({ status: 'pending', lastError: 'mail server down', attempts: 1 });
    expect(again.nextTryAt).toBe(new Date(now + 10_000).toISOString());

    const max = claimed?.maxAttempts ?? 0;
    for (let n = 2; n <= max; n += 1) {
      jobs().claim(now + n * 20_000, HOLD, ['email']);
      jobs().failed(id, `refused ${n}`, now + n * 20_000 + 10_000);
    }
    const stuck = jobs().get(rig.accountId, id);
    expect(stuck).toMatchObject({
      status: 'needs_attention',
      attempts: max,
      lastError: `refused ${max}`,
    });
    expect(stuck?.nextTryAt).toBeNull();
    expect(jobs().claim(now + 10 * 86_400_000, HOLD, ['email'])).toBeUndefined();
  });

  it('needs attention at once when retrying cannot help', () => {
    const { id } = oneJob();
    jobs().claim(Date.now(), HOLD, ['email']);
    expect(jobs().failed(id, 'No mail server set up', null)).toMatchObject({
      status: 'needs_attention',
      attempts: 1,
    });
  });

  it('retry makes a job due now with its attempts reset', () => {
    const { id } = oneJob();
    const now = Date.now();
    jobs().claim(now, HOLD, ['email']);
    jobs().failed(id, 'No mail server set up', null);

    const retried = jobs().retry(rig.accountId, id, now + 1000);

    expect(retried).toMatchObject({
      status: 'pending',
      attempts: 0,
      lastError: 'No mail server set up',
    });
    expect(jobs().claim(now + 1000, HOLD, ['email'])).toMatchObject({ id, attempts: 1 });
  });

  it('a late answer after the merchant marked the job done changes nothing', () => {
    const { id, saleId } = oneJob();
    jobs().claim(Date.now(), HOLD, ['email']);
    const byHand = jobs().markDone(rig.accountId, id);
    expect(byHand).toMatchObject({ status: 'done', doneBy: 'merchant' });
    expect(sale(saleId)).toMatchObject({ status: 'fulfilled', note: 'Marked delivered by hand' });

    expect(jobs().failed(id, 'timed out', Date.now())).toEqual(byHand);
    expect(jobs().succeeded(id)).toEqual(byHand);
    expect(() => jobs().retry(rig.accountId, id, Date.now())).toThrow(/already done/);
  });

  it('keeps another account from reading or changing a job', () => {
    const { id } = oneJob();
    const other = addNamedAccount(rig.store, 'other');
    expect(jobs().get(other, id)).toBeUndefined();
    expect(() => jobs().markDone(other, id)).toThrow(/not in the active account's deliveries/);
    expect(() => jobs().retry(other, id, Date.now())).toThrow(
      /not in the active account's deliveries/,
    );
    expect(jobs().list(other, { limit: 10, offset: 0 })).toEqual({ items: [], total: 0 });
  });
});

describe('a try whose outcome is unknown', () => {
  it('comes back cut off when its claim never ended, and an email job gets that one try only', () => {
    const { id } = oneJob();
    const now = Date.now();
    // A try ended by a failure or a success is no cut-off.
    jobs().claim(now, HOLD, ['email']);
    jobs().failed(id, 'mail server down', now + 10_000);
    expect(jobs().claim(now + 10_000, HOLD, ['email'])).toMatchObject({
      attempts: 2,
      cutOff: false,
      maxAttempts: 8,
      mayHaveDelivered: false,
    });
    // That claim is never ended (SIGKILL): the next one says so and is the job's last try.
    const again = jobs().claim(now + 10_000 + HOLD + 1, HOLD, ['email'], [], ['email']);
    expect(again).toMatchObject({ id, attempts: 3, cutOff: true, maxAttempts: 3 });
    expect(again?.mayHaveDelivered).toBe(true);
    // Cut off again: no try is left, so the claim hands it over for the merchant to be told.
    const spent = jobs().claim(now + 10_000 + 2 * HOLD + 2, HOLD, ['email'], [], ['email']);
    expect(spent).toMatchObject({ id, attempts: 4, cutOff: true, maxAttempts: 3 });
  });

  it('keeps every try of a kind the worker lets repeat (a forward: its receiver drops it by key)', () => {
    rig.store.deliveryRules.add(rig.accountId, {
      ...emailRule({ name: 'Shop' }),
      action: { kind: 'forward', url: 'https://shop.example/hook' },
    });
    const id = recordSale(rig.store, rig.accountId, 1).jobs?.[0] ?? 0;
    const now = Date.now();
    jobs().claim(now, HOLD, ['forward']);
    expect(jobs().claim(now + HOLD + 1, HOLD, ['forward'], [], ['email'])).toMatchObject({
      id,
      cutOff: true,
      maxAttempts: 8,
    });
  });

  it('holds a job as long as its kind asks', () => {
    oneJob();
    const now = Date.now();
    const job = jobs().claim(now, (kind) => (kind === 'email' ? 200_000 : 1), ['email']);
    expect(job?.claim).toBe(now + 200_000);
  });

  it('leaves one more try after a failure that may have delivered; that one failing needs the merchant, in the words given', () => {
    const { id } = oneJob();
    const now = Date.now();
    const first = jobs().claim(now, HOLD, ['email']);
    if (!first) throw new Error('expected a claim');
    const unsure = { mayHaveDelivered: true, attentionReason: 'It may have gone out; check.' };
    expect(jobs().failedTry(first, 'no answer', now + 10_000, unsure).job).toMatchObject({
      status: 'pending',
      attempts: 1,
      maxAttempts: 2,
      lastError: 'no answer',
    });
    const second = jobs().claim(now + 10_000, HOLD, ['email']);
    if (!second) throw new Error('expected a second claim');
    expect(second).toMatchObject({ mayHaveDelivered: true, cutOff: false });
    // Whatever ends the repeat, no third try: the last error is the one for the merchant.
    const stuck = jobs().failedTry(second, 'connection refused', now + 40_000, {
      attentionReason: 'Connection refused; an earlier try may have gone out: check.',
    }).job;
    expect(stuck).toMatchObject({
      status: 'needs_attention',
      attempts: 2,
      lastError: 'Connection refused; an earlier try may have gone out: check.',
    });
    // The merchant's Retry gives all its tries back.
    expect(jobs().retry(rig.accountId, id, now + 50_000)).toMatchObject({
      attempts: 0,
      maxAttempts: 8,
    });
  });
});

describe('listing delivery jobs', () => {
  it('lists the account newest first, by status, a page at a time', () => {
    const ids = [1, 2, 3, 4].map((s) => oneJob(s).id);
    const [first, second] = ids;
    if (first === undefined || second === undefined) throw new Error('expected jobs');
    jobs().claim(Date.now(), HOLD, ['email']);
    jobs().failed(first, 'No mail server set up', null);
    jobs().markDone(rig.accountId, second);

    const page = jobs().list(rig.accountId, { limit: 2, offset: 1 });
    expect(page.total).toBe(4);
    expect(page.items.map((j) => j.id)).toEqual([ids[2], ids[1]]);
    const pending = jobs().list(rig.accountId, { status: 'pending', limit: 10, offset: 0 });
    expect(pending).toMatchObject({ total: 2, items: [{ id: ids[3] }, { id: ids[2] }] });
    const stuck = jobs().list(rig.accountId, { status: 'needs_attention', limit: 10, offset: 0 });
    expect(stuck.items.map((j) => [j.id, j.lastError])).toEqual([[first, 'No mail server set up']]);
  });
});
