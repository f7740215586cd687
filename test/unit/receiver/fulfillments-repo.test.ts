import { describe, expect, it } from 'vitest';
import { emailRule } from '../../support/delivery-store';
import { withRawDb } from '../../support/raw-db';
import { newFulfillment as sale } from '../../support/sale-fixtures';
import { useTempDir } from '../../support/temp-dir';
import { useStoreWithAccount } from '../../support/test-store';

const tmp = useTempDir('cc-fulfilments-');
let clock = '2026-11-28T09:00:00.000Z';
// The store's clock reads `clock` at each write, so a test moves time by assigning it.
const rig = useStoreWithAccount(tmp, {}, { now: () => clock });
const repo = () => rig.store.fulfillments;

describe('fulfilments repo', () => {
  it('lets a later webhook enrich the row sync created, keeping one row and the first time', () => {
    const first = repo().record(rig.accountId, sale({ products: [{ code: 'p1', name: 'Ebook' }] }));
    expect(first.created).toBe(true);
    const second = repo().record(
      rig.accountId,
      sale({
        source: 'webhook',
        customerName: 'Jane Doe',
        transactionId: 'pi_1',
        gateway: 'stripe',
        taxName: 'VAT',
        taxRate: 21,
        products: [],
        receivedAt: '2026-11-28T08:05:00.000Z',
      }),
    );
    expect(second).toEqual({ id: first.id, created: false });
    expect(repo().get(rig.accountId, first.id)).toMatchObject({
      source: 'webhook',
      customerName: 'Jane Doe',
      transactionId: 'pi_1',
      taxRate: 21,
      products: [{ code: 'p1', name: 'Ebook' }],
      receivedAt: '2026-11-28T08:00:00.000Z',
    });
    expect(repo().list(rig.accountId, { limit: 10, offset: 0 }).total).toBe(1);
  });

  it('lets sync only fill gaps in a row a webhook created', () => {
    const { id } = repo().record(
      rig.accountId,
      sale({ source: 'webhook', customerEmail: 'a@example.com', transactionId: 'pi_9' }),
    );
    repo().record(
      rig.accountId,
      sale({ customerEmail: 'b@example.com', permalink: 'https://x/checkout/session/1' }),
    );
    expect(repo().get(rig.accountId, id)).toMatchObject({
      source: 'webhook',
      customerEmail: 'a@example.com',
      transactionId: 'pi_9',
      permalink: 'https://x/checkout/session/1',
    });
  });

  it('keeps a sale marked fulfilled when a later report arrives, and undoes it on request', () => {
    const { id } = repo().record(rig.accountId, sale());
    clock = '2026-11-28T10:00:00.000Z';
    expect(repo().markFulfilled(rig.accountId, id, 'sent by post')).toMatchObject({
      status: 'fulfilled',
      fulfilledAt: clock,
      note: 'sent by post',
    });
    repo().record(rig.accountId, sale({ source: 'webhook' }));
    expect(repo().get(rig.accountId, id)?.status).toBe('fulfilled');
    expect(repo().countNew(rig.accountId)).toBe(0);
    expect(repo().undo(rig.accountId, id)).toMatchObject({
      sale: { status: 'new', fulfilledAt: null },
      requeued: [],
    });
    expect(repo().countNew(rig.accountId)).toBe(1);
  });

  it('refuses to mark a sale of another account', () => {
    const { id } = repo().record(rig.accountId, sale());
    expect(() => repo().markFulfilled(rig.accountId + 1, id)).toThrow(
      /^Sale \d+ is not in the active account's sales\./,
    );
  });

  it('pages newest first and filters by status, currency, dates and search', () => {
    const r = repo();
    for (let i = 1; i <= 30; i++) {
      r.record(
        rig.accountId,
        sale({
          sessionId: i,
          currency: i % 3 === 0 ? 'JPY' : 'EUR',
          customerEmail: `buyer${i}@example.com`,
          receivedAt: `2026-11-${String(i % 28 || 28).padStart(2, '0')}T12:00:00.000Z`,
        }),
      );
    }
    r.markFulfilled(rig.accountId, r.bySession(rig.accountId, 5)!.id);
    const page = r.list(rig.accountId, { limit: 5, offset: 0 });
    expect(page.total).toBe(30);
    expect(page.items.map((f) => f.receivedAt)).toEqual(
      [...page.items.map((f) => f.receivedAt)].sort().reverse(),
    );
    expect(
      r
        .list(rig.accountId, { status: 'fulfilled', limit: 5, offset: 0 })
        .items.map((f) => f.sessionId),
    ).toEqual([5]);
    expect(r.list(rig.accountId, { currency: 'jpy', limit: 50, offset: 0 }).total).toBe(10);
    expect(
      r
        .list(rig.accountId, { search: 'buyer17@', limit: 5, offset: 0 })
        .items.map((f) => f.sessionId),
    ).toEqual([17]);
    expect(
      r.list(rig.accountId, { search: '12', limit: 5, offset: 0 }).items.map((f) => f.sessionId),
    ).toEqual([12]);
    expect(r.list(rig.accountId, { search: '100%_', limit: 5, offset: 0 }).total).toBe(0);
    r.record(
      rig.accountId,
      sale({ sessionId: 31, products: [{ code: 'prod_x', name: 'Unicorn Poster' }] }),
    );
    expect(
      r
        .list(rig.accountId, { search: 'unicorn', limit: 5, offset: 0 })
        .items.map((f) => f.sessionId),
    ).toEqual([31]);
    expect(
      r
        .list(rig.accountId, {
          from: '2026-11-10T00:00:00.000Z',
          to: '2026-11-12T00:00:00.000Z',
          limit: 50,
          offset: 0,
        })
        .items.map((f) => f.sessionId)
        .sort((a, b) => a - b),
    ).toEqual([10, 11]);
  });

  it('returns the newest page and the total of 100,000 sales', () => {
    // Bulk rows straight in SQL: the subject here is the query, not record().
    withRawDb(rig.store.file, (db) =>
      db
        .prepare(
          `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
           INSERT INTO fulfillments (account_id, session_id, amount, currency, source, received_at)
           SELECT ?, i, 1500, 'EUR', 'sync', strftime('%Y-%m-%dT%H:%M:%fZ', 1767225600 + i * 60, 'unixepoch')
           FROM n`,
        )
        .run(rig.accountId),
    );
    const r = repo();
    const started = performance.now();
    const page = r.list(rig.accountId, { status: 'new', limit: 100, offset: 0 });
    const ms = performance.now() - started;
    console.info(`[figures] fulfillments.list first page of 100,000: ${ms.toFixed(1)} ms`);
    expect(page.total).toBe(100_000);
    expect(page.items.map((f) => f.sessionId).slice(0, 3)).toEqual([100_000, 99_999, 99_998]);
  }, 60_000);
});

describe('activity repo', () => {
  it('lists entries newest first with their detail, filtered by kind', () => {
    const log = rig.store.activity;
    clock = '2026-11-28T09:00:00.000Z';
    log.add(rig.accountId, 'sale', 'Sale one', { sessionId: 1 });
    clock = '2026-11-28T09:01:00.000Z';
    log.add(rig.accountId, 'checkout_failed', 'Failed one');
    const all = log.list(rig.accountId, { limit: 10, offset: 0 });
    expect(all.items.map((a) => [a.kind, a.message])).toEqual([
      ['checkout_failed', 'Failed one'],
      ['sale', 'Sale one'],
    ]);
    expect(
      log.list(rig.accountId, { kind: 'sale', limit: 10, offset: 0 }).items[0]?.detail,
    ).toEqual({
      sessionId: 1,
    });
  });

  it("records within a caller's transaction, and nothing of it stays when that one rolls back", () => {
    expect(() => repo().recordWithin(rig.accountId, sale())).toThrow(/transaction/);
    const kept = rig.store.transaction(() => repo().recordWithin(rig.accountId, sale()));
    expect(kept.created).toBe(true);
    expect(repo().get(rig.accountId, kept.id)).toBeDefined();
    expect(() =>
      rig.store.transaction(() => {
        repo().recordWithin(rig.accountId, sale({ sessionId: 99 }));
        throw new Error('a later step of processing failed');
      }),
    ).toThrow(/later step/);
    expect(repo().bySession(rig.accountId, 99)).toBeUndefined();
    expect(repo().list(rig.accountId, { limit: 10, offset: 0 }).total).toBe(1);
  });

  it("answers each new sale's own id, whatever rows its triggers and delivery jobs add", () => {
    // Each sale's first row in a currency adds a count row; each adds a search row and a job.
    rig.store.deliveryRules.add(rig.accountId, emailRule({ productCode: null }));
    const sales = ['EUR', 'USD', 'GBP', 'EUR'].map((currency, i) => ({
      sessionId: 300 + i,
      result: repo().record(rig.accountId, sale({ sessionId: 300 + i, currency })),
    }));
    for (const { sessionId, result } of sales) {
      expect(result.created).toBe(true);
      expect(result.jobs).toHaveLength(1);
      expect(repo().get(rig.accountId, result.id)?.sessionId).toBe(sessionId);
    }
    const within = rig.store.transaction(() =>
      repo().recordWithin(rig.accountId, sale({ sessionId: 310, currency: 'JPY', amount: 21 })),
    );
    expect(repo().bySession(rig.accountId, 310)?.id).toBe(within.id);
  });
});
