// Marking a sale fulfilled and back, as the activity log tells it (issue 17): the customer and
// what they bought, and the screen's own word "To deliver", never a session id or "new".
import { describe, expect, it } from 'vitest';
import { createFulfillmentHandlers } from '../../../main/sales';
import { newFulfillment } from '../../support/sale-fixtures';
import { useTempDir } from '../../support/temp-dir';
import { useStoreWithAccount } from '../../support/test-store';

const tmp = useTempDir('cc-delivery-activity-');
const ctx = useStoreWithAccount(tmp);

describe('delivery lines in the activity log', () => {
  it('names the customer and the products when a sale is marked fulfilled and undone', async () => {
    const { store, accountId } = ctx;
    const { id } = store.fulfillments.record(
      accountId,
      newFulfillment({
        sessionId: 5001,
        customerName: 'Ann Lee',
        products: [{ code: 'HOUR', name: 'Consulting Hour', quantity: 3, unitAmount: 12_000 }],
      }),
    );
    const handlers = createFulfillmentHandlers({ store, accountId: () => accountId });
    await handlers['fulfillments.markFulfilled']({ id });
    await handlers['fulfillments.undo']({ id });
    const lines = store.activity.list(accountId, { limit: 10, offset: 0 }).items;
    expect(lines.map((l) => l.message).reverse()).toEqual([
      'Marked fulfilled: Ann Lee — 3 × Consulting Hour',
      'Back in To deliver: Ann Lee — 3 × Consulting Hour',
    ]);
    expect(lines.map((l) => l.detail)).toEqual([
      { id, sessionId: 5001 },
      { id, sessionId: 5001 },
    ]);
  });

  it('writes no line and says no change when a sale still to deliver is undone', async () => {
    const { store, accountId } = ctx;
    const { id } = store.fulfillments.record(accountId, newFulfillment({ sessionId: 5002 }));
    const changed: number[][] = [];
    const handlers = createFulfillmentHandlers({
      store,
      accountId: () => accountId,
      onChanged: (_account, ids) => changed.push(ids),
    });
    const sale = await handlers['fulfillments.undo']({ id });
    expect(sale).toMatchObject({ id, status: 'new' });
    expect(store.activity.list(accountId, { limit: 10, offset: 0 }).items).toEqual([]);
    expect(changed).toEqual([]);
  });

  it('writes one line when a sale is marked fulfilled twice (another window, the CLI)', async () => {
    const { store, accountId } = ctx;
    const { id } = store.fulfillments.record(accountId, newFulfillment({ sessionId: 5003 }));
    const changed: number[][] = [];
    const handlers = createFulfillmentHandlers({
      store,
      accountId: () => accountId,
      onChanged: (_account, ids) => changed.push(ids),
    });
    const first = await handlers['fulfillments.markFulfilled']({ id });
    const again = await handlers['fulfillments.markFulfilled']({ id });
    expect(again.fulfilledAt).toBe(first.fulfilledAt);
    expect(store.activity.list(accountId, { limit: 10, offset: 0 }).items).toHaveLength(1);
    expect(changed).toEqual([[id]]);
    // A note given the second time is kept, and the screens hear of it.
    const noted = await handlers['fulfillments.markFulfilled']({ id, note: 'sent by hand' });
    expect(noted.note).toBe('sent by hand');
    expect(store.activity.list(accountId, { limit: 10, offset: 0 }).items).toHaveLength(1);
    expect(changed).toEqual([[id], [id]]);
  });
});
