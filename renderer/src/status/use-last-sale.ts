import { useEvent } from '../hooks/use-event';
import { useQuery } from '../hooks/use-query';

/** When the newest sale in the ledger arrived (null before the first), kept current by events. */
export function useLastSaleAt(): string | null {
  // The ledger lists newest first: one row is enough to know the last sale.
  const newest = useQuery('fulfillments.list', { limit: 1, offset: 0 });
  useEvent('fulfillments.changed', newest.reload);
  useEvent('accounts.changed', newest.reload);
  return newest.data?.items[0]?.receivedAt ?? null;
}
