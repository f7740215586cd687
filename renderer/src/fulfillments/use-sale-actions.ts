import { useCallback, useState } from 'react';
import type { Fulfillment } from '../../../preload/contract';
import { getBridge } from '../bridge';
import { announceLocalChange } from './desk-signals';

export interface SaleActions {
  busyIds: ReadonlySet<number>;
  error: unknown;
  mark(sale: Fulfillment, note?: string): Promise<Fulfillment | null>;
  undo(sale: Fulfillment): Promise<Fulfillment | null>;
  clearError(): void;
}

/** Mark fulfilled / Undo, one request per sale at a time; the result replaces the row. */
export function useSaleActions(onDone: (sale: Fulfillment) => void): SaleActions {
  const [busyIds, setBusyIds] = useState<ReadonlySet<number>>(new Set());
  const [error, setError] = useState<unknown>(null);

  const run = useCallback(
    async (id: number, call: () => Promise<Fulfillment>): Promise<Fulfillment | null> => {
      setBusyIds((s) => new Set(s).add(id));
      setError(null);
      try {
        const updated = await call();
        onDone(updated);
        announceLocalChange();
        return updated;
      } catch (e) {
        setError(e);
        return null;
      } finally {
        setBusyIds((s) => {
          const next = new Set(s);
          next.delete(id);
          return next;
        });
      }
    },
    [onDone],
  );

  const mark = useCallback(
    (sale: Fulfillment, note?: string) => {
      const trimmed = note?.trim();
      const input = trimmed ? { id: sale.id, note: trimmed } : { id: sale.id };
      return run(sale.id, () => getBridge().invoke('fulfillments.markFulfilled', input));
    },
    [run],
  );
  const undo = useCallback(
    (sale: Fulfillment) =>
      run(sale.id, () => getBridge().invoke('fulfillments.undo', { id: sale.id })),
    [run],
  );
  const clearError = useCallback(() => setError(null), []);
  return { busyIds, error, mark, undo, clearError };
}
