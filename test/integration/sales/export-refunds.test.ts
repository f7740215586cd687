// A refunded sale says so in the sales CSV and on its row (review helper-205): amount stays what
// was paid, refunded_amount what went back.
import { describe, expect, it } from 'vitest';
import { exportFiles } from '../../../main/sales';
import { recordRefund, recordSyncSale } from '../../support/export-sales';
import { useTempDir } from '../../support/temp-dir';
import { useStoreWithAccount } from '../../support/test-store';
import { csvRecords } from './parse-csv';

const tmp = useTempDir();
const shop = useStoreWithAccount(tmp);

describe('a refunded sale in the export', () => {
  it('writes the refunded amount beside the amount paid, and nothing for a sale not refunded', () => {
    const refunded = recordSyncSale(shop.store, shop.accountId, {
      sessionId: 701,
      receivedAt: '2026-11-30T10:00:00.000Z',
      amount: 5000,
    });
    recordSyncSale(shop.store, shop.accountId, {
      sessionId: 702,
      receivedAt: '2026-11-30T11:00:00.000Z',
      amount: 3000,
    });
    recordRefund(shop.store, shop.accountId, {
      fulfillmentId: refunded,
      sessionId: 701,
      amount: 1250,
      refundedAt: '2026-11-30T12:00:00.000Z',
    });
    expect(shop.store.fulfillments.get(shop.accountId, refunded)?.refundedAmount).toBe(1250);
    const [file] = exportFiles(shop.store, shop.accountId, 'fulfillments', {
      now: new Date('2026-12-01T09:00:00.000Z'),
      format: 'csv',
      filter: {},
    });
    const records = csvRecords(file!.content);
    expect(records.map((r) => [r.session_id, r.amount, r.refunded_amount])).toEqual([
      ['702', '30.00', ''],
      ['701', '50.00', '12.50'],
    ]);
  });
});
