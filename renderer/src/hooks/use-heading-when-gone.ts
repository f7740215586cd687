import { useCallback, useEffect, useRef } from 'react';
import { focusIfDropped } from './use-focus-when-row-leaves';

/** The screen's heading, focusable from script, as after navigating (app-frame.tsx). */
function screenHeading(): HTMLElement | null {
  const heading = document.querySelector<HTMLElement>('main h1');
  if (heading && heading.tabIndex < 0) heading.tabIndex = -1;
  return heading;
}

/**
 * For a button whose action takes away the part of the page it was in (an answered question, the
 * offline banner once the restarted sandbox answers): its focus would fall to <body>, and the
 * next Tab would start again at the sidebar. Once `gone` is true after `started()`, `next` takes
 * it (by default the screen's heading, as after navigating), unless the merchant has moved on.
 */
export function useHeadingWhenGone(
  gone: boolean,
  next: () => HTMLElement | null = screenHeading,
): () => void {
  const pressed = useRef(false);
  const target = useRef(next);
  useEffect(() => {
    target.current = next; // before the effect below, which runs after it
  });
  useEffect(() => {
    if (!gone || !pressed.current) return;
    pressed.current = false;
    focusIfDropped(target.current());
  }, [gone]);
  return useCallback(() => {
    pressed.current = true;
  }, []);
}
