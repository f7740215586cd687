// Activity rows written by older versions (issue 17): the log is history, never rewritten in
// SQL. A sale line that names its sale reads in today's words; any other line reads as written.
import { describe, expect, it } from 'vitest';
import { listActivity } from '../../../main/sales';
import { newFulfillment } from '../../support/sale-fixtures';
import { useTempDir } from '../../support/temp-dir';
import { useStoreWithAccount } from '../../support/test-store';

const tmp = useTempDir('cc-activity-older-');
const ctx = useStoreWithAccount(tmp);

const messages = () =>
  listActivity(ctx.store, ctx.accountId, { limit: 10, offset: 0 }).items.map((i) => i.message);

describe('activity lines from older versions', () => {
  it('tells an old "Sale: … (session 5001)" line as who paid what, from the sale it names', () => {
    const { store, accountId } = ctx;
    const { id } = store.fulfillments.record(
      accountId,
      newFulfillment({
        sessionId: 5001,
        customerName: 'Jane Doe',
        amount: 4900,
        products: [
          { code: 'BAKE', name: 'Sourdough Baking Course', quantity: 1, unitAmount: 4900 },
        ],
      }),
    );
    store.activity.add(accountId, 'sale', 'Sale: jane@example.com paid €49.00 (session 5001).', {
      eventId: 1,
      sessionId: 5001,
      fulfillmentId: id,
    });
    expect(messages()).toEqual(['Jane Doe paid €49.00 — Sourdough Baking Course']);
  });

  it('reads any other old line as it was written, a sale line whose sale is gone too', () => {
    const { store, accountId } = ctx;
    store.activity.add(accountId, 'checkout_failed', 'Checkout failed for session 7: Declined.', {
      eventId: 2,
      sessionId: 7,
    });
    store.activity.add(accountId, 'sale', 'Sale: bo@example.com paid €5.00 (session 8).', {
      eventId: 3,
      sessionId: 8,
      fulfillmentId: 999,
    });
    expect(messages().sort()).toEqual([
      'Checkout failed for session 7: Declined.',
      'Sale: bo@example.com paid €5.00 (session 8).',
    ]);
  });
});
