import { useCallback, useEffect, useRef, type RefObject } from 'react';

/**
 * For a button its own action disables and then replaces (Mark fulfilled becomes Undo): the
 * disabled button drops the focus to <body>. Once `busy` is over, the control now in `ref` (the
 * replacement, or the same button after a failure) takes it back, unless the merchant has
 * moved on to something else meanwhile. Call `started()` when the action is pressed.
 */
export function useFocusAfterAction<T extends HTMLElement>(
  busy: boolean,
): [ref: RefObject<T | null>, started: () => void] {
  const ref = useRef<T>(null);
  const pressed = useRef(false);
  useEffect(() => {
    if (busy || !pressed.current) return;
    pressed.current = false;
    const focused = document.activeElement;
    if (focused === null || focused === document.body) ref.current?.focus();
  }, [busy]);
  const started = useCallback(() => {
    pressed.current = true;
  }, []);
  return [ref, started];
}
