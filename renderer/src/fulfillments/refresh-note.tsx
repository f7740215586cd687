import { useCallback, useEffect, useRef, type RefObject } from 'react';
import type { RefreshFailure } from './use-open-sale';

/**
 * Says the sale detail may be out of date when reading its sale again failed. The status region
 * is always there, so a screen reader announces the note when it appears; Try again stays out
 * of it (a live region is read, not used).
 */
export function RefreshNote({
  failure,
  onRetry,
}: {
  failure: RefreshFailure | null;
  onRetry(): void;
}) {
  return (
    <div className={failure ? 'sale-refresh' : undefined}>
      <p role="status" className={failure ? 'notice notice-stale' : 'sale-refresh-quiet'}>
        {failure === null
          ? ''
          : failure.gone
            ? "This sale is no longer in this account's history (it may have been removed with its account). What you see is what was read before."
            : `This sale could not be refreshed, so what you see may be out of date: ${failure.message}`}
      </p>
      {failure && !failure.gone ? (
        <button type="button" className="button button-small" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}

/**
 * Try again goes with the note once the sale is read, which would drop the focus to <body>: it
 * moves to `next` (the sale's action) instead, unless the merchant has moved on meanwhile. Call
 * the returned function when Try again is pressed.
 */
export function useFocusAfterRefresh(
  failure: RefreshFailure | null,
  next: RefObject<HTMLElement | null>,
): () => void {
  const pressed = useRef(false);
  useEffect(() => {
    if (failure !== null || !pressed.current) return;
    pressed.current = false;
    const focused = document.activeElement;
    if (focused === null || focused === document.body) next.current?.focus();
  }, [failure, next]);
  return useCallback(() => {
    pressed.current = true;
  }, []);
}
