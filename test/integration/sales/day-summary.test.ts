// The daily summary's figures on a real ledger: two currencies, sales on both sides of the
// merchant's local midnights, another account's sales, and products priced or not.
import { describe, expect, it } from 'vitest';
import {
  createFulfillmentHandlers,
  daySummary,
  salesChart,
  salesTotals,
} from '../../../main/sales';
import type { NewFulfillment } from '../../../main/store';
import { daySummaryInput } from '../../../preload/contract';
import { addNamedAccount } from '../../support/named-accounts';
import { newFulfillment } from '../../support/sale-fixtures';
import { useTempDir } from '../../support/temp-dir';
import { useStoreWithAccount } from '../../support/test-store';

const tmp = useTempDir();
const ledger = useStoreWithAccount(tmp);

// Central European time in winter: local midnight is 23:00 UTC the evening before.
const CET = 60;
const NOW = new Date('2026-11-30T08:00:00.000Z');
const course = (unitAmount?: number) => ({
  code: 'course',
  name: 'Course',
  quantity: 1,
  unitAmount,
});
const stickers = { code: 'stickers', name: 'Sticker pack', quantity: 3, unitAmount: 500 };

function seed(): number[] {
  const { store, accountId } = ledger;
  let session = 0;
  const sale = (over: Partial<NewFulfillment>, account = accountId) =>
    store.fulfillments.record(account, newFulfillment({ sessionId: ++session, ...over })).id;
  const ids = [
    // 23:59 local on the 28th: the day before.
    sale({ receivedAt: '2026-11-28T22:59:59.000Z', amount: 9999, products: [course(9999)] }),
    // 00:00 local on the 29th: the first sale of the day.
    sale({ receivedAt: '2026-11-28T23:00:00.000Z', amount: 2100, products: [course(2100)] }),
    sale({ receivedAt: '2026-11-29T12:00:00.000Z', amount: 1500, products: [stickers] }),
    sale({ receivedAt: '2026-11-29T13:00:00.000Z', amount: 1500, products: [stickers] }),
    // No unit price reported (a checkout event names the code only): the sale's amount is its.
    sale({
      receivedAt: '2026-11-29T22:59:00.000Z',
      amount: 2100,
      products: [{ code: 'course', name: 'Course (2027 edition)' }],
    }),
    // 00:00 local on the 30th: today, not yesterday.
    sale({ receivedAt: '2026-11-29T23:00:00.000Z', amount: 7777, products: [course(7777)] }),
    // Two products, neither priced: half the sale each.
    sale({
      receivedAt: '2026-11-29T10:00:00.000Z',
      currency: 'USD',
      amount: 1000,
      products: [
        { code: 'ebook', name: 'E-book' },
        { code: 'audio', name: 'Audiobook' },
      ],
    }),
    sale({
      receivedAt: '2026-11-29T11:00:00.000Z',
      currency: 'USD',
      amount: 300,
      products: [{ code: 'audio', name: 'Audiobook', quantity: 1, unitAmount: 300 }],
    }),
  ];
  sale({ receivedAt: '2026-11-29T12:00:00.000Z', amount: 50_000 }, addNamedAccount(store, 'other'));
  return ids;
}

describe('the daily summary of one local day', () => {
  it("counts yesterday's sales per currency between the local midnights, with the top product by revenue", () => {
    const ids = seed();
    const { store, accountId } = ledger;
    store.fulfillments.markFulfilled(accountId, ids[1] ?? 0);
    store.fulfillments.markFulfilled(accountId, ids[6] ?? 0);

    const summary = daySummary(store, accountId, { now: NOW, utcOffsetMinutes: CET });

    expect(summary).toEqual({
      day: '2026-11-29',
      from: '2026-11-28T23:00:00.000Z',
      to: '2026-11-29T23:00:00.000Z',
      count: 6,
      totals: [
        { currency: 'EUR', amount: 7200, count: 4 },
        { currency: 'USD', amount: 1300, count: 2 },
      ],
      // By count the stickers would win (6 units in 2 sales); the courses brought in more.
      topProducts: [
        {
          currency: 'EUR',
          code: 'course',
          name: 'Course (2027 edition)',
          amount: 4200,
          quantity: 2,
        },
        { currency: 'USD', code: 'audio', name: 'Audiobook', amount: 800, quantity: 2 },
      ],
      // Every sale of the account still to deliver, whatever its day: 8 recorded, 2 delivered.
      undelivered: 6,
    });
  });

  it('reads another day and another offset when asked, and an empty day as nothing', () => {
    seed();
    const { store, accountId } = ledger;
    // In UTC the 28th holds the sale at 22:59:59 and the one at 23:00.
    const utc = daySummary(store, accountId, { now: NOW, day: '2026-11-28', utcOffsetMinutes: 0 });
    expect(utc.totals).toEqual([{ currency: 'EUR', amount: 12099, count: 2 }]);
    expect(utc.topProducts).toEqual([
      { currency: 'EUR', code: 'course', name: 'Course', amount: 12099, quantity: 2 },
    ]);
    const empty = daySummary(store, accountId, {
      now: NOW,
      day: '2026-11-01',
      utcOffsetMinutes: 0,
    });
    expect(empty).toMatchObject({ count: 0, totals: [], topProducts: [], undelivered: 8 });
  });

  it('answers fulfillments.summary for yesterday in the caller’s offset', async () => {
    seed();
    const { store, accountId } = ledger;
    const handlers = createFulfillmentHandlers({
      store,
      accountId: () => accountId,
      now: () => NOW,
    });
    const summary = await handlers['fulfillments.summary']({ utcOffsetMinutes: CET });
    expect(summary).toMatchObject({ day: '2026-11-29', count: 6 });
  });

  it('counts a daylight-saving day between its own midnights: no sale in two days, none in none', () => {
    const { store, accountId } = ledger;
    let session = 100;
    const sale = (receivedAt: string) =>
      store.fulfillments.record(accountId, newFulfillment({ sessionId: ++session, receivedAt }));
    // Madrid, 2026: clocks go to +02:00 on 29 March and back to +01:00 on 25 October.
    sale('2026-03-28T22:30:00.000Z'); // 23:30 on Saturday 28 March (+01:00)
    sale('2026-03-29T21:30:00.000Z'); // 23:30 on Sunday 29 March (+02:00)
    sale('2026-10-24T22:30:00.000Z'); // 00:30 on Sunday 25 October (+02:00, before 03:00)
    sale('2026-10-25T22:30:00.000Z'); // 23:30 on Sunday 25 October (+01:00)
    const madrid = 'Europe/Madrid';
    const count = (day: string, utcOffsetMinutes: number) =>
      daySummary(store, accountId, { now: NOW, day, utcOffsetMinutes, timeZone: madrid });
    // The callers read the offset at the day's noon: +02:00 on 29 March, +01:00 on 25 October.
    expect(count('2026-03-28', 60)).toMatchObject({ count: 1, to: '2026-03-28T23:00:00.000Z' });
    expect(count('2026-03-29', 120)).toMatchObject({
      count: 1,
      from: '2026-03-28T23:00:00.000Z',
      to: '2026-03-29T22:00:00.000Z',
    });
    expect(count('2026-10-24', 120)).toMatchObject({ count: 0, to: '2026-10-24T22:00:00.000Z' });
    expect(count('2026-10-25', 60)).toMatchObject({
      count: 2,
      from: '2026-10-24T22:00:00.000Z',
      to: '2026-10-25T23:00:00.000Z',
      totals: [{ currency: 'EUR', amount: 2 * 2100, count: 2 }],
    });
  });

  it("puts the desk's chart days and 30-day total between Madrid's midnights of summer time too", () => {
    const { store, accountId } = ledger;
    let session = 200;
    const sale = (receivedAt: string) =>
      store.fulfillments.record(accountId, newFulfillment({ sessionId: ++session, receivedAt }));
    sale('2026-10-11T22:30:00.000Z'); // 00:30 on 12 October (+02:00): the 30 days' first day
    sale('2026-10-20T22:30:00.000Z'); // 00:30 on 21 October (+02:00)
    // 10 November, +01:00 since 25 October: the offset the screen has now.
    const w = { now: new Date('2026-11-10T10:00:00.000Z'), utcOffsetMinutes: 60 };
    const zoned = { ...w, timeZone: 'Europe/Madrid' };
    const chart = salesChart(store, accountId, zoned);
    expect(chart.days[0]?.date).toBe('2026-10-12');
    const counted = chart.days.filter((d) => d.count > 0).map((d) => [d.date, d.count]);
    expect(counted).toEqual([
      ['2026-10-12', 1],
      ['2026-10-21', 1],
    ]);
    expect(salesTotals(store, accountId, zoned).days30).toEqual([
      { currency: 'EUR', amount: 4200, count: 2 },
    ]);
  });

  it('refuses a day that is not a calendar date, in the words the screens and CLI show', () => {
    for (const day of ['2026-02-30', '29/11/2026', '2026-11-29T00:00:00Z']) {
      const parsed = daySummaryInput.safeParse({ day });
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues.map((i) => i.message)).toEqual(['Give the day as YYYY-MM-DD.']);
    }
    expect(daySummaryInput.safeParse({ day: '2028-02-29' }).success).toBe(true);
  });
});
