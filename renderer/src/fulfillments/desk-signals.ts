// Renderer-local signals between the desk's parts that do not share a parent:
// the nav count hears about a sale marked on the screen, and a notification's
// "focus this sale" survives until the Fulfilments screen mounts to show it.
import { useEffect, useRef } from 'react';

const changes = new EventTarget();

export function announceLocalChange(): void {
  changes.dispatchEvent(new Event('change'));
}

export function useLocalChanges(listener: () => void): void {
  const latest = useRef(listener);
  useEffect(() => {
    latest.current = listener;
  });
  useEffect(() => {
    const handle = () => latest.current();
    changes.addEventListener('change', handle);
    return () => changes.removeEventListener('change', handle);
  }, []);
}

let pendingFocus: number | null = null;

export function requestFocus(id: number): void {
  pendingFocus = id;
  changes.dispatchEvent(new Event('focus'));
}

/** The sale a notification asked to show, once; null when there is none. */
export function takeFocusRequest(): number | null {
  const id = pendingFocus;
  pendingFocus = null;
  return id;
}

export function useFocusRequests(listener: (id: number) => void): void {
  const latest = useRef(listener);
  useEffect(() => {
    latest.current = listener;
  });
  useEffect(() => {
    const handle = () => {
      const id = takeFocusRequest();
      if (id !== null) latest.current(id);
    };
    handle();
    changes.addEventListener('focus', handle);
    return () => changes.removeEventListener('focus', handle);
  }, []);
}
