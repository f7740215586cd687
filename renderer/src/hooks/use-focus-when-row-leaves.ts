import { useCallback, useEffect, useRef, type FocusEvent, type RefObject } from 'react';

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

/**
 * For a section whose rows can leave by an event (main dropped the item and told the window):
 * if a row had the focus, it would fall to <body>; it goes to the section's heading (`heading`,
 * with tabIndex -1) instead, after any notice for a gone row (whose effect runs first), and not
 * once the merchant has moved on. Spread `listFocus` on the list; `rows` is what it renders.
 */
export function useHeadingWhenRowLeaves<T extends HTMLElement>(rows: unknown) {
  const heading = useRef<T>(null);
  const list = useRef<HTMLElement | null>(null);
  const rowFocused = useRef(false);
  useEffect(() => {
    if (!rowFocused.current) return;
    focusIfDropped(heading.current);
    // The row went without a blur: the list has the focus again only if it is still in it.
    rowFocused.current = list.current?.contains(document.activeElement) ?? false;
  }, [rows]);
  const listFocus = {
    onFocus: (e: FocusEvent<HTMLElement>) => {
      list.current = e.currentTarget;
      rowFocused.current = true;
    },
    onBlur: (e: FocusEvent<HTMLElement>) => {
      rowFocused.current = e.currentTarget.contains(e.relatedTarget);
    },
  };
  return { heading, listFocus };
}
