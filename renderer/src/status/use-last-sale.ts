import { useCallback } from 'react';
import type { MethodInput } from '../../../preload/contract';
import { getBridge } from '../bridge';
import { useReloadAfterRows } from '../fulfillments/desk-signals';
import { useEvent } from '../hooks/use-event';
import { useQuery } from '../hooks/use-query';

// The ledger lists newest first: one row is enough to know the last sale.
const NEWEST: MethodInput<'fulfillments.list'> = { limit: 1, offset: 0 };

/** When the newest sale in the ledger arrived (null before the first), kept current by events. */
export function useLastSaleAt(): string | null {
  const newest = useQuery('fulfillments.list', NEWEST);
  const { set } = newest;
  // A failed re-read keeps the time already shown; the next change reads again.
  const load = useCallback(
    () =>
      getBridge()
        .invoke('fulfillments.list', NEWEST)
        .then(set, () => undefined),
    [set],
  );
  // A new sale's row comes first: this read waits for it, one at a time (afterRows).
  const reload = useReloadAfterRows(load);
  useEvent('fulfillments.changed', reload);
  useEvent('accounts.changed', reload);
  return newest.data?.items[0]?.receivedAt ?? null;
}
