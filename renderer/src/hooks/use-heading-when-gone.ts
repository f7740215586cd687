import { useCallback, useEffect, useRef } from 'react';
import { focusIfDropped } from './use-focus-when-row-leaves';

/**
 * For a button whose action takes away the part of the page it was in (an answered question, the
 * offline banner once the restarted sandbox answers): its focus would fall to <body>, and the
 * next Tab would start again at the sidebar. Once `gone` is true after `started()`, the screen's
 * heading takes it, as after navigating (app-frame.tsx), unless the merchant has moved on.
 */
export function useHeadingWhenGone(gone: boolean): () => void {
  const pressed = useRef(false);
  useEffect(() => {
    if (!gone || !pressed.current) return;
    pressed.current = false;
    const heading = document.querySelector<HTMLElement>('main h1');
    if (heading && heading.tabIndex < 0) heading.tabIndex = -1;
    focusIfDropped(heading);
  }, [gone]);
  return useCallback(() => {
    pressed.current = true;
  }, []);
}
