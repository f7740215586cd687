// A sale marked delivered twice (two windows, the CLI and the app, a double click) keeps the time
// it was first delivered: the desk's "delivered at" and the day's figures must not move.
import { describe, expect, it } from 'vitest';
import { newFulfillment } from '../../support/sale-fixtures';
import { useTempDir } from '../../support/temp-dir';
import { useStoreWithAccount } from '../../support/test-store';

const tmp = useTempDir('cc-mark-fulfilled-');
let tick = 0;
const rig = useStoreWithAccount(
  tmp,
  {},
  {
    now: () => new Date(Date.UTC(2026, 0, 1, 9, tick++)).toISOString(),
  },
);

describe('marking a sale delivered', () => {
  it('keeps the first delivery time when it is marked again, taking a new note', () => {
    const { store, accountId } = rig;
    const sale = store.fulfillments.record(accountId, newFulfillment({ sessionId: 1 })).id;
    const first = store.fulfillments.markFulfilled(accountId, sale, 'sent by post');
    expect(first.fulfilledAt).not.toBeNull();
    const again = store.fulfillments.markFulfilled(accountId, sale, 'tracking 123');
    expect(again.fulfilledAt).toBe(first.fulfilledAt);
    expect(again.note).toBe('tracking 123');
  });

  it('takes a fresh time after an undo', () => {
    const { store, accountId } = rig;
    const sale = store.fulfillments.record(accountId, newFulfillment({ sessionId: 2 })).id;
    const first = store.fulfillments.markFulfilled(accountId, sale);
    store.fulfillments.undo(accountId, sale);
    expect(store.fulfillments.get(accountId, sale)?.fulfilledAt).toBeNull();
    const again = store.fulfillments.markFulfilled(accountId, sale);
    expect(again.fulfilledAt).not.toBe(first.fulfilledAt);
  });
});
