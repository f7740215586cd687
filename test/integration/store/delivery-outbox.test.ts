import { describe, expect, it } from 'vitest';
import { emailRule, recordSale } from '../../support/delivery-store';
import { withRawDb } from '../../support/raw-db';
import { newFulfillment } from '../../support/sale-fixtures';
import { useTempDir } from '../../support/temp-dir';
import { useStoreWithAccount } from '../../support/test-store';

const tmp = useTempDir('cc-outbox-');
const rig = useStoreWithAccount(tmp);
const rules = () => rig.store.deliveryRules;
const jobs = () => rig.store.deliveryJobs;
const jobsOf = (saleId: number) =>
  jobs().list(rig.accountId, { saleId, limit: 100, offset: 0 }).items;
const webhookReport = (sessionId: number, codes: string[]) =>
  rig.store.fulfillments.record(
    rig.accountId,
    newFulfillment({
      sessionId,
      source: 'webhook',
      products: codes.map((code) => ({ code, name: code, quantity: 1, unitAmount: 1000 })),
    }),
  );

describe('the delivery outbox', () => {
  it('writes one job per matching enabled rule when a sale is created', () => {
    const all = rules().add(rig.accountId, emailRule({ name: 'All sales' }));
    const ebook = rules().add(rig.accountId, emailRule({ name: 'Ebook', productCode: 'ebook' }));
    rules().add(rig.accountId, emailRule({ name: 'Course', productCode: 'course' }));
    rules().add(rig.accountId, emailRule({ name: 'Off', enabled: false }));

    const sale = recordSale(rig.store, rig.accountId, 1, ['ebook', 'sticker']);

    expect(sale.created).toBe(true);
    const written = jobsOf(sale.id);
    expect(sale.jobs).toEqual(written.map((j) => j.id));
    expect(written.map((j) => [j.ruleId, j.ruleName, j.status, j.attempts])).toEqual([
      [all.id, 'All sales', 'pending', 0],
      [ebook.id, 'Ebook', 'pending', 0],
    ]);
    expect(written[0]?.nextTryAt).not.toBeNull();
  });

  it('gives a sale reported again (webhook after sync) no second job', () => {
    rules().add(rig.accountId, emailRule());
    const first = recordSale(rig.store, rig.accountId, 7);
    const again = rig.store.fulfillments.record(
      rig.accountId,
      newFulfillment({ sessionId: 7, source: 'webhook', products: [{ code: 'ebook', name: 'E' }] }),
    );
    expect(again).toEqual({ id: first.id, created: false });
    expect(jobsOf(first.id)).toHaveLength(1);
  });

  it("writes a product rule's job when a later report adds its product, in the same transaction", () => {
    const all = rules().add(rig.accountId, emailRule({ name: 'All sales' }));
    const course = rules().add(rig.accountId, emailRule({ name: 'Course', productCode: 'course' }));
    const first = recordSale(rig.store, rig.accountId, 9, ['ebook']);
    expect(jobsOf(first.id).map((j) => j.ruleId)).toEqual([all.id]);
    rules().add(rig.accountId, emailRule({ name: 'Added later' }));

    // The webhook (a stronger report than sync) names both products.
    const again = webhookReport(9, ['ebook', 'course']);

    const written = jobsOf(first.id);
    expect(written.map((j) => j.ruleId)).toEqual([all.id, course.id]);
    expect(again).toEqual({ id: first.id, created: false, jobs: [written[1]?.id] });
    expect(webhookReport(9, ['ebook', 'course'])).toEqual({ id: first.id, created: false });
    expect(jobsOf(first.id)).toHaveLength(2);
  });

  it('gives a sale the merchant already marked delivered no job for a product added later', () => {
    rules().add(rig.accountId, emailRule({ name: 'Course', productCode: 'course' }));
    const first = recordSale(rig.store, rig.accountId, 10, ['ebook']);
    rig.store.fulfillments.markFulfilled(rig.accountId, first.id, 'Sent by post');
    webhookReport(10, ['ebook', 'course']);
    expect(jobsOf(first.id)).toEqual([]);
  });

  it('does not reach sales recorded before the rule was added', () => {
    const old = recordSale(rig.store, rig.accountId, 1);
    expect(old.jobs).toBeUndefined();
    rules().add(rig.accountId, emailRule());
    recordSale(rig.store, rig.accountId, 1);
    expect(jobsOf(old.id)).toEqual([]);
    expect(jobsOf(recordSale(rig.store, rig.accountId, 2).id)).toHaveLength(1);
  });

  it('gives each job a random idempotency key that stays as written', () => {
    rules().add(rig.accountId, emailRule({ name: 'A' }));
    rules().add(rig.accountId, emailRule({ name: 'B' }));
    const keys = [1, 2, 3].flatMap((s) =>
      jobsOf(recordSale(rig.store, rig.accountId, s).id).map((j) => j.idempotencyKey),
    );
    expect(new Set(keys).size).toBe(6);
    for (const key of keys) expect(key).toMatch(/^[0-9a-f]{32}$/);

    const job = jobsOf(1)[0];
    if (!job) throw new Error('no job');
    const claimed = jobs().claim(Date.now(), 60_000, ['email']);
    jobs().failed(job.id, 'mail server down', Date.now());
    jobs().retry(rig.accountId, job.id, Date.now());
    expect(claimed?.idempotencyKey).toBe(job.idempotencyKey);
    expect(jobs().get(rig.accountId, job.id)?.idempotencyKey).toBe(job.idempotencyKey);
  });

  it('rolls the sale back when its jobs cannot be written', () => {
    rules().add(rig.accountId, emailRule());
    withRawDb(rig.store.file, (db) =>
      db.exec(`CREATE TRIGGER no_jobs BEFORE INSERT ON delivery_jobs
        BEGIN SELECT RAISE(ABORT, 'outbox refused'); END`),
    );

    expect(() => recordSale(rig.store, rig.accountId, 1)).toThrow(/outbox refused/);

    expect(rig.store.fulfillments.bySession(rig.accountId, 1)).toBeUndefined();
    expect(rig.store.fulfillments.countNew(rig.accountId)).toBe(0);
  });
});

describe('the undelivered count', () => {
  it('leaves out sales a rule is still delivering, and counts those needing a person', () => {
    rules().add(rig.accountId, emailRule({ productCode: 'ebook' }));
    const waiting = recordSale(rig.store, rig.accountId, 1, ['ebook']);
    const stuck = recordSale(rig.store, rig.accountId, 2, ['ebook']);
    recordSale(rig.store, rig.accountId, 3, ['course']);
    const stuckJob = stuck.jobs?.[0];
    if (waiting.jobs?.length !== 1 || stuckJob === undefined) throw new Error('expected jobs');
    jobs().failed(stuckJob, 'No mail server set up', null);

    // 2 (needs attention) and 3 (no rule) need a person; 1 is on its way.
    expect(rig.store.fulfillments.countNew(rig.accountId)).toBe(2);
    // The list's 'new' filter still shows every sale not yet delivered.
    const listed = rig.store.fulfillments.list(rig.accountId, {
      status: 'new',
      limit: 10,
      offset: 0,
    });
    expect(listed.total).toBe(3);
  });
});
