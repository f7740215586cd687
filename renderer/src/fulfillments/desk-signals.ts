// Renderer-local signals between the desk's parts that do not share a parent:
// the nav count hears about a sale marked on the screen, and a notification's
// "focus this sale" or "show this day" survives until the Fulfilments screen mounts to show it.
import { useEffect, useRef } from 'react';
import type { DayRange } from '../../../preload/contract';

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

/**
 * A request kept until the Fulfilments screen takes it: sent while the screen is showing, it is
 * taken at once; sent while another screen shows, it waits for the desk to mount.
 */
interface PendingRequests<T> {
  kind: string;
  pending: T | null;
}

function request<T>(requests: PendingRequests<T>, value: T): void {
  requests.pending = value;
  changes.dispatchEvent(new Event(requests.kind));
}

function take<T>(requests: PendingRequests<T>): T | null {
  const value = requests.pending;
  requests.pending = null;
  return value;
}

function usePendingRequests<T>(requests: PendingRequests<T>, listener: (value: T) => void): void {
  const latest = useRef(listener);
  useEffect(() => {
    latest.current = listener;
  });
  useEffect(() => {
    const handle = () => {
      const value = take(requests);
      if (value !== null) latest.current(value);
    };
    handle();
    changes.addEventListener(requests.kind, handle);
    return () => changes.removeEventListener(requests.kind, handle);
  }, [requests]);
}

const focusRequests: PendingRequests<number> = { kind: 'focus', pending: null };
const dayRequests: PendingRequests<DayRange> = { kind: 'day', pending: null };

export function requestFocus(id: number): void {
  request(focusRequests, id);
}

/** The sale a notification asked to show, once; null when there is none. */
export function takeFocusRequest(): number | null {
  return take(focusRequests);
}

export function useFocusRequests(listener: (id: number) => void): void {
  usePendingRequests(focusRequests, listener);
}

/** The daily summary's click: show the sales of these local days. */
export function requestDay(range: DayRange): void {
  request(dayRequests, range);
}

export function useDayRequests(listener: (range: DayRange) => void): void {
  usePendingRequests(dayRequests, listener);
}
