// The daily summary's top product is by net revenue, as its totals are (review helper-205): a
// course sold once and refunded in full does not outrank a sticker kept.
import { describe, expect, it } from 'vitest';
import { daySummary } from '../../../main/sales';
import { recordRefund, recordSyncSale } from '../../support/export-sales';
import { useTempDir } from '../../support/temp-dir';
import { useStoreWithAccount } from '../../support/test-store';

const tmp = useTempDir();
const shop = useStoreWithAccount(tmp);

describe('the daily summary with a refund', () => {
  it('counts net revenue per currency and crowns the product that kept its money', () => {
    const course = recordSyncSale(shop.store, shop.accountId, {
      sessionId: 801,
      receivedAt: '2026-11-29T10:00:00.000Z',
      amount: 5000,
      currency: 'EUR',
      products: [{ code: 'course', name: 'Course', quantity: 1, unitAmount: null }],
    });
    recordSyncSale(shop.store, shop.accountId, {
      sessionId: 802,
      receivedAt: '2026-11-29T11:00:00.000Z',
      amount: 900,
      currency: 'EUR',
      products: [{ code: 'sticker', name: 'Sticker', quantity: 1, unitAmount: null }],
    });
    recordRefund(shop.store, shop.accountId, {
      fulfillmentId: course,
      sessionId: 801,
      amount: 5000,
      refundedAt: '2026-11-29T12:00:00.000Z',
    });
    const s = daySummary(shop.store, shop.accountId, {
      day: '2026-11-29',
      utcOffsetMinutes: 0,
      now: new Date('2026-11-30T08:00:00.000Z'),
    });
    expect(s.totals).toEqual([{ currency: 'EUR', amount: 900, count: 2, refunded: 5000 }]);
    expect(s.topProducts).toMatchObject([{ code: 'sticker', amount: 900 }]);
  });
});
