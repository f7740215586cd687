import { useEffect, useRef } from 'react';
import type { EventName, Events } from '../../../preload/contract';
import { getBridge } from '../bridge';

/** Subscribes for the component's lifetime; the latest listener is always the one called. */
export function useEvent<E extends EventName>(
  name: E,
  listener: (payload: Events[E]) => void,
): void {
  const latest = useRef(listener);
  useEffect(() => {
    latest.current = listener;
  });
  useEffect(() => getBridge().on(name, (payload) => latest.current(payload)), [name]);
}
