import type { DeliveryJob, DeliveryRule } from '../../../preload/contract-delivery';
import { useEvent } from '../hooks/use-event';
import { useQuery } from '../hooks/use-query';

/**
 * One sale's deliveries, its licence keys and the rules they came from (for a forward's host),
 * read again when main says one of the sale's deliveries changed: no polling.
 */
export function useSaleDeliveries(saleId: number) {
  const jobs = useQuery('jobs.list', { saleId });
  const keys = useQuery('keys.forSale', { id: saleId });
  const rules = useQuery('rules.list', {});
  useEvent('jobs.changed', (change) => {
    if (change.saleId !== saleId) return;
    jobs.reload();
    // A retry may have taken the keys the first try could not.
    keys.reload();
  });
  useEvent('rules.changed', rules.reload);

  /**
   * A job as an action returned it, shown at once instead of waiting for the event. Retry and
   * Mark done leave no job held (Retry refuses one; a done job waits for nothing).
   */
  function replace(job: DeliveryJob) {
    if (!jobs.data) return;
    const items = jobs.data.items.map((j) => (j.id === job.id ? { ...job, held: false } : j));
    jobs.set({ ...jobs.data, items });
  }
  const ruleOf = (job: DeliveryJob): DeliveryRule | undefined =>
    rules.data?.find((r) => r.id === job.ruleId);

  return { jobs, keys, ruleOf, replace };
}
