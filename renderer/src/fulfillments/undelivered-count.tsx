import { useEffect, useState } from 'react';
import { getBridge } from '../bridge';
import { useEvent } from '../hooks/use-event';
import { requestFocus, useLocalChanges } from './desk-signals';
import './fulfillments.css';

/** Sales not yet marked fulfilled; null until known (or when the desk cannot answer). */
export function useUndeliveredCount(): number | null {
  const [count, setCount] = useState<number | null>(null);
  const [generation, setGeneration] = useState(0);
  const reload = () => setGeneration((g) => g + 1);
  useEvent('fulfillments.changed', reload);
  useEvent('accounts.changed', reload);
  useLocalChanges(reload);
  useEffect(() => {
    let current = true;
    getBridge()
      .invoke('fulfillments.list', { status: 'new', limit: 1, offset: 0 })
      .then(
        (r) => current && setCount(r.total),
        () => current && setCount(null),
      );
    return () => {
      current = false;
    };
  }, [generation]);
  return count;
}

/** The count next to "Fulfilments" in the navigation. */
export function UndeliveredBadge() {
  const count = useUndeliveredCount();
  if (!count) return null;
  const shown = count > 999 ? '999+' : String(count);
  return (
    <span className="nav-count" aria-label={`${count} to deliver`}>
      {shown}
    </span>
  );
}

/** A clicked sale notification: go to the Fulfilments screen, which then opens that sale. */
export function useSaleFocus(showFulfilments: () => void): void {
  useEvent('desk.focusFulfillment', ({ id }) => {
    requestFocus(id);
    showFulfilments();
  });
}
