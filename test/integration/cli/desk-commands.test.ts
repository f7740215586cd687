// The desk from a terminal, as real processes over a real data folder in Madrid's time zone:
// `summary`, `fulfillment done|undo` and `fulfillments` with its filters and pages.
import { describe, expect, it } from 'vitest';
import type { NewFulfillment } from '../../../main/store';
import type { DaySummary, Fulfillment } from '../../../preload/contract';
import { seedCliLedger } from '../../support/cli-ledger';
import { newFulfillment } from '../../support/sale-fixtures';
import { runCli, type Finished } from '../../support/run-process';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir();

function cli(args: string[]): Promise<Finished> {
  return runCli(['--data-dir', tmp.path, ...args], {
    env: { PATH: process.env.PATH, HOME: tmp.path, TZ: 'Europe/Madrid' },
    timeoutMs: 60_000,
  });
}

/** Madrid is UTC+1 in November: its midnight is 23:00 UTC the evening before. */
const SALES: Array<Partial<NewFulfillment>> = [
  { receivedAt: '2026-11-28T22:59:00.000Z', amount: 900, products: [{ code: 'mug', name: 'Mug' }] },
  {
    receivedAt: '2026-11-28T23:00:00.000Z',
    amount: 2100,
    products: [{ code: 'course', name: 'Course', quantity: 1, unitAmount: 2100 }],
  },
  {
    receivedAt: '2026-11-29T12:00:00.000Z',
    amount: 1500,
    products: [{ code: 'stickers', name: 'Stickers', quantity: 3, unitAmount: 500 }],
  },
  {
    receivedAt: '2026-11-29T13:00:00.000Z',
    currency: 'USD',
    amount: 1300,
    customerEmail: 'bo@example.com',
  },
  { receivedAt: '2026-11-29T23:30:00.000Z', amount: 700 },
];

/** The sales above, ids 1 to 5 in that order, in the active account. */
function seed(): void {
  seedCliLedger(tmp.path, ({ store, accountId }) =>
    SALES.forEach((over, i) =>
      store.fulfillments.record(accountId, newFulfillment({ sessionId: 700 + i, ...over })),
    ),
  );
}

const json = <T>(run: Finished): T => {
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as T;
};

describe('checkout-console summary', () => {
  it("sums up one local day's sales per currency with the top product, in text and JSON", async () => {
    seed();
    const text = await cli(['summary', '--day', '2026-11-29']);
    expect(text.stderr).toBe('');
    expect(text.stdout.split('\n')).toEqual([
      '2026-11-29 (+01:00): 3 sales',
      'CURRENCY  REVENUE  SALES  TOP PRODUCT (BY REVENUE)',
      'EUR       €36.00   2      Course: €21.00, 1 sold',
      'USD       $13.00   1',
      '5 sales to deliver, from any day (`checkout-console fulfillments --status new`).',
      '',
    ]);
    const summary = json<DaySummary>(await cli(['summary', '--day', '2026-11-29', '--json']));
    expect(summary).toMatchObject({
      day: '2026-11-29',
      from: '2026-11-28T23:00:00.000Z',
      to: '2026-11-29T23:00:00.000Z',
      count: 3,
      totals: [
        { currency: 'EUR', amount: 3600, count: 2 },
        { currency: 'USD', amount: 1300, count: 1 },
      ],
      undelivered: 5,
    });
    // The same day in UTC holds the 23:30 sale and not the one at 23:00 the evening before.
    const utc = json<DaySummary>(await cli(['--utc', 'summary', '--day', '2026-11-29', '--json']));
    expect(utc.totals).toEqual([
      { currency: 'EUR', amount: 2200, count: 2 },
      { currency: 'USD', amount: 1300, count: 1 },
    ]);
  }, 120_000);

  it('sums up the day clocks went back between its own midnights, 25 hours', async () => {
    seedCliLedger(tmp.path, ({ store, accountId }) => {
      // 00:30 on 25 October in Madrid, still +02:00; and 23:30 that day, +01:00.
      for (const [i, receivedAt] of [
        '2026-10-24T22:30:00.000Z',
        '2026-10-25T22:30:00.000Z',
      ].entries())
        store.fulfillments.record(accountId, newFulfillment({ sessionId: 800 + i, receivedAt }));
    });
    const summary = json<DaySummary>(await cli(['summary', '--day', '2026-10-25', '--json']));
    expect(summary).toMatchObject({
      from: '2026-10-24T22:00:00.000Z',
      to: '2026-10-25T23:00:00.000Z',
      count: 2,
    });
  }, 120_000);

  it('sums up yesterday by default and refuses a day that does not exist', async () => {
    seed();
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Madrid' }).format(
      new Date(),
    );
    const yesterday = new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000)
      .toISOString()
      .slice(0, 10);
    expect(json<DaySummary>(await cli(['summary', '--json'])).day).toBe(yesterday);
    const wrong = await cli(['summary', '--day', '2026-02-30']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('--day needs a day as YYYY-MM-DD, not "2026-02-30"');
  }, 120_000);
});

describe('checkout-console fulfillment done|undo', () => {
  it('marks a sale delivered with a note and puts it back', async () => {
    seed();
    const done = await cli(['fulfillment', 'done', '2', '--note', 'sent the PDF']);
    expect(done.stderr).toBe('');
    expect(done.stdout).toBe(
      'Sale 2 (€21.00 from jane@example.com) is marked delivered (note: sent the PDF).\n',
    );
    const listed = json<{ items: Fulfillment[]; total: number }>(
      await cli(['fulfillments', '--status', 'fulfilled', '--json']),
    );
    expect(listed.items.map((f) => [f.id, f.note])).toEqual([[2, 'sent the PDF']]);

    const undone = json<Fulfillment>(await cli(['fulfillment', 'undo', '2', '--json']));
    // The note stays, as the desk's Undo leaves it: what was sent is still worth knowing.
    expect(undone).toMatchObject({ id: 2, status: 'new', note: 'sent the PDF', fulfilledAt: null });
  }, 120_000);

  it('says a sale is back to deliver once, and that there is nothing to undo after', async () => {
    seed();
    await cli(['fulfillment', 'done', '3']);
    const first = await cli(['fulfillment', 'undo', '3']);
    expect(first.stdout).toBe('Sale 3 (€15.00 from jane@example.com) is back to deliver.\n');
    const again = await cli(['fulfillment', 'undo', '3']);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(
      'Sale 3 (€15.00 from jane@example.com) was not marked delivered: nothing to undo.\n',
    );
    const missing = await cli(['fulfillment', 'undo', '99']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('No sale 99; `checkout-console fulfillments` lists them.');
  }, 120_000);

  it('names a sale that is not there, and refuses a note on undo', async () => {
    seed();
    const missing = await cli(['fulfillment', 'done', '99']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('No sale 99; `checkout-console fulfillments` lists them.');
    const note = await cli(['fulfillment', 'undo', '2', '--note', 'x']);
    expect(note.code).toBe(2);
    expect(note.stderr).toContain('fulfillment undo does not take --note');
  }, 120_000);
});

describe('checkout-console fulfillments with filters and pages', () => {
  it('lists one local day, a status, and the sales page by page', async () => {
    seed();
    const day = json<{ items: Fulfillment[]; total: number }>(
      await cli(['fulfillments', '--since', '2026-11-29', '--until', '2026-11-29', '--json']),
    );
    expect(day.items.map((f) => f.id)).toEqual([4, 3, 2]);
    expect(day.total).toBe(3);

    const page = json<{ items: Fulfillment[]; total: number }>(
      await cli(['fulfillments', '--limit', '2', '--offset', '2', '--json']),
    );
    expect(page.items.map((f) => f.id)).toEqual([3, 2]);
    expect(page.total).toBe(5);

    const text = await cli(['fulfillments', '--limit', '2', '--utc']);
    expect(
      text.stdout
        .split('\n')
        .slice(1, 3)
        .map((l) => l.split(/\s+/)[0]),
    ).toEqual(['5', '4']);
    expect(text.stdout).toContain('… 3 older sale(s) not shown (--offset 2).');
    expect(text.stdout).toContain('2026-11-29 23:30 UTC');

    const tooMany = await cli(['fulfillments', '--limit', '501']);
    expect(tooMany.code).toBe(2);
    expect(tooMany.stderr).toContain('--limit: use 1 to 500.');
    const status = await cli(['fulfillments', '--status', 'delivered']);
    expect(status.code).toBe(2);
    expect(status.stderr).toContain('use new or fulfilled');
  }, 180_000);
});
