// Renderer-local signals between the desk's parts that do not share a parent:
// the nav count hears about a sale marked on the screen, and a notification's
// "focus this sale" or "show this day" survives until the Fulfilments screen mounts to show it;
// the reads a change causes besides the list's wait for the new rows (afterRows).
import { useCallback, useEffect, useRef } from 'react';
import type { DayRange } from '../../../preload/contract';
import { coalesce, type Coalesced } from './coalesce';

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

// The Fulfilments screen's "its re-read of the rows on screen has answered", while it shows.
let rowsRefreshed: () => Promise<void> = () => Promise.resolve();

/** Lets afterRows wait for this screen's re-read of its rows while it is mounted. */
export function useRowsFirst(refreshed: () => Promise<void>): void {
  useEffect(() => {
    rowsRefreshed = refreshed;
    return () => {
      if (rowsRefreshed === refreshed) rowsRefreshed = () => Promise.resolve();
    };
  }, [refreshed]);
}

// A frame that does not come (the window was hidden meanwhile) holds the reads back this long.
const FRAME_WAIT_MS = 100;

// The one frame asked for, shared by every read waiting for a paint: a hidden window keeps each
// frame asked for until it shows, so one per read would pile up for as long as it stays hidden.
let frame: Promise<void> | null = null;

function paintedFrame(): Promise<void> {
  frame ??= new Promise((resolve) => {
    // A timeout set inside an animation frame runs after that frame is painted.
    requestAnimationFrame(() =>
      setTimeout(() => {
        frame = null;
        resolve();
      }, 0),
    );
  });
  return frame;
}

/** After the next frame is drawn (or FRAME_WAIT_MS, whichever comes first). */
function nextPaint(): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, FRAME_WAIT_MS);
    void paintedFrame().then(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * Resolves once the sales list's rows after a change are in and drawn: a new sale's row is what
 * the merchant waits for, and the totals, the chart and the nav count read from the same main
 * process and redraw on the same page. Every listener of the change has run by the first turn.
 */
export async function afterRows(): Promise<void> {
  await Promise.resolve();
  await rowsRefreshed();
  await nextPaint();
}

/**
 * `task`, except while the window is hidden (closed to the tray, minimised): nothing shows what
 * it reads then, so it only notes the miss, and `again` runs once when the window shows.
 */
export function useSkipWhileHidden(
  task: () => Promise<void>,
  again: () => void,
): () => Promise<void> {
  const missed = useRef(false);
  const latestAgain = useRef(again);
  useEffect(() => {
    latestAgain.current = again;
  });
  useEffect(() => {
    const shown = () => {
      if (document.hidden || !missed.current) return;
      missed.current = false;
      latestAgain.current();
    };
    document.addEventListener('visibilitychange', shown);
    return () => document.removeEventListener('visibilitychange', shown);
  }, []);
  return useCallback(async () => {
    if (document.hidden) {
      missed.current = true;
      return;
    }
    await task();
  }, [task]);
}

/**
 * `load`, asked for after each change: it runs after the new rows (afterRows), one at a time,
 * so a burst of changes loads it at most twice and the last load follows the last change.
 * While the window is hidden it waits to be shown (useSkipWhileHidden).
 */
export function useReloadAfterRows(load: () => Promise<void>): () => void {
  const latest = useRef(load);
  useEffect(() => {
    latest.current = load;
  });
  const run = useRef<Coalesced | null>(null);
  const afterRowsLoad = useCallback(async () => {
    await afterRows();
    await latest.current();
  }, []);
  const reload = useCallback(() => run.current?.request(), []);
  const whileShown = useSkipWhileHidden(afterRowsLoad, reload);
  return useCallback(() => {
    run.current ??= coalesce(whileShown);
    run.current.request();
  }, [whileShown]);
}
