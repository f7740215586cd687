// The delivery worker on a real SQLite file with the real forward action posting to a loopback
// endpoint: retries keep one idempotency key, a sale is fulfilled once, a job that keeps
// failing stops and waits for the merchant, and nothing runs again after it succeeded.
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../main/store';
import { addRule, recordSale, useDeliveryRig } from '../../support/delivery-rig';
import { startForwardSink, type ForwardSink } from '../../support/forward-sink';

const { db, closing, worker, jobOf } = useDeliveryRig();

async function sink(): Promise<ForwardSink> {
  return closing(await startForwardSink());
}

const activity = () =>
  db.store.activity
    .list(db.accountId, { limit: 100, offset: 0 })
    .items.filter((e) => e.kind.startsWith('delivery_'))
    .map((e) => e.message)
    .reverse();

describe('the delivery worker', { timeout: 60_000 }, () => {
  it('forwards to an endpoint that fails twice three times with one idempotency key, and the sale ends fulfilled once', async () => {
    const endpoint = await sink();
    endpoint.failNext(2, 500);
    addRule(db.store, db.accountId, { action: { kind: 'forward', url: endpoint.url() } });
    const saleId = recordSale(db.store, db.accountId, 101);
    const { emitted } = worker(db.store);

    await expect.poll(() => jobOf(saleId).status, { timeout: 20_000 }).toBe('done');

    const job = jobOf(saleId);
    const got = endpoint.received();
    expect(got.map((r) => r.status)).toEqual([500, 500, 200]);
    expect(new Set(got.map((r) => r.idempotencyKey))).toEqual(new Set([job.idempotencyKey]));
    expect(got.map((r) => JSON.parse(r.body).sale.id)).toEqual([saleId, saleId, saleId]);
    expect(job).toMatchObject({ attempts: 3, doneBy: 'rule' });
    const sale = db.store.fulfillments.get(db.accountId, saleId);
    expect(sale).toMatchObject({ status: 'fulfilled', note: "Fulfilled by rule 'Shop backend'" });
    expect(emitted.filter(([name]) => name === 'fulfillments.changed')).toEqual([
      ['fulfillments.changed', { ids: [saleId] }],
    ]);
    const host = new URL(endpoint.url()).host;
    expect(activity()).toEqual([
      expect.stringMatching(
        new RegExp(
          `^Could not forward the sale of Jane Doe to ${host} \\(rule 'Shop backend'\\): .*500.*; trying again in \\d+ s\\.$`,
        ),
      ),
      expect.stringMatching(/^Could not forward .*; trying again in \d+ s\.$/),
      `Forwarded the sale of Jane Doe to ${host} (rule 'Shop backend').`,
    ]);
  });

  it('stops a job that keeps failing after its attempts, with the last error, and Retry runs it again', async () => {
    const endpoint = await sink();
    endpoint.failNext(8, 503);
    addRule(db.store, db.accountId, { action: { kind: 'forward', url: endpoint.url() } });
    const saleId = recordSale(db.store, db.accountId, 102);
    const { worker: w } = worker(db.store);

    await expect.poll(() => jobOf(saleId).status, { timeout: 30_000 }).toBe('needs_attention');
    const stuck = jobOf(saleId);
    expect(stuck).toMatchObject({ attempts: 8, maxAttempts: 8 });
    expect(stuck.lastError).toMatch(/503/);
    expect(endpoint.received()).toHaveLength(8);
    expect(db.store.fulfillments.get(db.accountId, saleId)?.status).toBe('new');
    expect(activity().at(-1)).toMatch(
      /^Forwarding the sale of Jane Doe to .* \(rule 'Shop backend'\) needs attention: .*503.*\.$/,
    );

    db.store.deliveryJobs.retry(db.accountId, stuck.id, Date.now());
    w.wake();

    await expect.poll(() => jobOf(saleId).status, { timeout: 20_000 }).toBe('done');
    expect(endpoint.received().map((r) => r.idempotencyKey)).toEqual(
      Array(9).fill(stuck.idempotencyKey),
    );
    expect(db.store.fulfillments.get(db.accountId, saleId)?.status).toBe('fulfilled');
  });

  it('never runs a job again after it succeeded, not even from a second worker on the same file', async () => {
    const endpoint = await sink();
    addRule(db.store, db.accountId, { action: { kind: 'forward', url: endpoint.url() } });
    const first = recordSale(db.store, db.accountId, 103);
    const { worker: w } = worker(db.store);
    await expect.poll(() => jobOf(first).status, { timeout: 20_000 }).toBe('done');
    await w.stop();

    const other = closing(openStore(db.store.file));
    const second = recordSale(other, db.accountId, 104);
    worker(other);
    await expect.poll(() => jobOf(second).status, { timeout: 20_000 }).toBe('done');

    const salesPosted = endpoint.received().map((r) => JSON.parse(r.body).sale.id);
    expect(salesPosted).toEqual([first, second]);
  });

  it('shares many due jobs between two workers on one file without running any twice', async () => {
    const endpoint = await sink();
    addRule(db.store, db.accountId, { action: { kind: 'forward', url: endpoint.url() } });
    const sales = Array.from({ length: 30 }, (_, i) => recordSale(db.store, db.accountId, 200 + i));
    const other = closing(openStore(db.store.file));
    worker(db.store);
    worker(other);

    await expect
      .poll(() => sales.filter((id) => jobOf(id).status === 'done').length, { timeout: 30_000 })
      .toBe(30);

    const posted = endpoint.received().map((r) => JSON.parse(r.body).sale.id as number);
    expect(posted.sort((a, b) => a - b)).toEqual(sales);
    expect([...endpoint.accepted().values()].every((n) => n === 1)).toBe(true);
  });
});
