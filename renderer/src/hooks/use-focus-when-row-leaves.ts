import { useCallback, useEffect, useRef, type RefObject } from 'react';

/** Moves the focus to `el` if it fell to <body> (its control went), not if the merchant moved on. */
export function focusIfDropped(el: HTMLElement | null): void {
  const focused = document.activeElement;
  if (focused === null || focused === document.body) el?.focus();
}

/**
 * For a list whose row's action failed and which reads its rows again: if the row goes (main no
 * longer has its item), the button that had the focus goes with it. Call `watch(id)` when row
 * `id`'s action fails (`watch(null)` when one works); once `has(id)` is false, the element in
 * `ref` (the failure's words) takes the focus if it fell to <body>.
 */
export function useFocusWhenRowLeaves<T extends HTMLElement>(
  has: (id: number) => boolean,
): [ref: RefObject<T | null>, watch: (id: number | null) => void] {
  const ref = useRef<T>(null);
  const watched = useRef<number | null>(null);
  useEffect(() => {
    const id = watched.current;
    if (id === null || has(id)) return;
    watched.current = null;
    focusIfDropped(ref.current);
  });
  const watch = useCallback((id: number | null) => {
    watched.current = id;
  }, []);
  return [ref, watch];
}
