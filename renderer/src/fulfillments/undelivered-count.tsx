import { useCallback, useEffect, useRef, useState } from 'react';
import { getBridge } from '../bridge';
import { useEvent } from '../hooks/use-event';
import { requestDay, requestFocus, useLocalChanges, useReloadAfterRows } from './desk-signals';
import './fulfillments.css';

/**
 * Sales a person must still deliver (a rule still trying to deliver one does not count; one with
 * a delivery that needs attention does, even while another of its rules still tries: its row
 * says "Needs attention"); null until known (or when the desk cannot answer).
 */
export function useUndeliveredCount(): number | null {
  const [count, setCount] = useState<number | null>(null);
  const mounted = useRef(true);
  const load = useCallback(
    () =>
      getBridge()
        .invoke('fulfillments.undelivered', {})
        .then(
          (r) => mounted.current && setCount(r.count),
          () => mounted.current && setCount(null),
        )
        .then(() => undefined),
    [],
  );
  useEffect(() => {
    mounted.current = true;
    void load();
    return () => {
      mounted.current = false;
    };
  }, [load]);
  // After a new sale's row, one read at a time (afterRows).
  const reload = useReloadAfterRows(load);
  useEvent('fulfillments.changed', reload);
  useEvent('accounts.changed', reload);
  // A delivery that gives up moves its sale back to the person.
  useEvent('jobs.changed', reload);
  useLocalChanges(reload);
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

/**
 * A clicked sale notification or daily summary: go to the Fulfilments screen, which then opens
 * that sale or filters to that day.
 */
export function useSaleFocus(showFulfilments: (open: () => void) => void): void {
  // The sale or day is asked for only once the screen change goes ahead: the merchant may keep
  // editing Settings instead.
  const focus = (id: number) => showFulfilments(() => requestFocus(id));
  useEvent('desk.focusFulfillment', ({ id }) => focus(id));
  useEvent('desk.showDay', (range) => showFulfilments(() => requestDay(range)));
  // A notification clicked while no window existed was sent before this window listened:
  // main keeps it for a minute. The answer is used even after a StrictMode remount,
  // since reading it also clears it.
  const latest = useRef(focus);
  useEffect(() => {
    latest.current = focus;
  });
  useEffect(() => {
    getBridge()
      .invoke('desk.takeFocus', {})
      .then(({ id }) => {
        if (id !== null) latest.current(id);
      })
      .catch(() => undefined);
  }, []);
}
