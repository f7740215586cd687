import { useEffect, useState } from 'react';

/**
 * False until `when` has been true for one painted frame, then true for good. For work that
 * blocks the page (the revenue chart's first render is a ~150 ms task) and must not hold back
 * what the merchant opened the screen for.
 */
export function useAfterPaint(when: boolean): boolean {
  const [ready, setReady] = useState(false);
  useEffect(() => {
    if (!when || ready) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // A timeout set inside an animation frame runs after that frame is painted.
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => setReady(true), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [when, ready]);
  return ready;
}
