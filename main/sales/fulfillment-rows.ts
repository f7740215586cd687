// Sales as the desk reads them, with the filters it offers. Read-only: the receiver and sync
// own the writes.
import type { Fulfillment } from '../../preload/contract';
import type { FulfillmentFilter, Store } from '../store';

export { toFulfillment, type FulfillmentFilter } from '../store';

export function listFulfillments(
  store: Pick<Store, 'fulfillments'>,
  accountId: number,
  q: FulfillmentFilter & { limit: number; offset: number },
): { items: Fulfillment[]; total: number } {
  return store.fulfillments.list(accountId, q);
}

export function countUndelivered(store: Pick<Store, 'fulfillments'>, accountId: number): number {
  return store.fulfillments.countNew(accountId);
}
