import { useCallback, useEffect, useRef, type RefObject } from 'react';
import type { RefreshFailure } from './use-open-sale';

/**
 * A sale found gone with no failed action to say so (a re-read or Try again): main's words for a
 * sale (`notFound('sale')` in main/store, which sale-detail-refresh.test holds this to), then
 * why the detail offers nothing to do.
 */
const GONE =
  "This sale is not in the active account's sales. If it was sold under another account, switch to that account to see it; otherwise it was removed, with its account or by restoring an older backup. What you see is what was read before, so it can no longer be marked or undone here.";

/**
 * Says the sale detail may be out of date when reading its sale again failed. The status region
 * is always there, so a screen reader announces the note when it appears, and each outcome of
 * Try again: "Trying again…" first, so the same failure twice is still read out. Try again stays
 * out of it (a live region is read, not used). The note takes the focus when the control that
 * had it went away (tabIndex -1: reachable by script, not in the tab order).
 */
export function RefreshNote({
  failure,
  retrying,
  noteRef,
  onRetry,
}: {
  failure: RefreshFailure | null;
  retrying: boolean;
  noteRef: RefObject<HTMLParagraphElement | null>;
  onRetry(): void;
}) {
  const shown = failure !== null || retrying;
  return (
    <div className={shown ? 'sale-refresh' : undefined}>
      <p
        ref={noteRef}
        role="status"
        tabIndex={-1}
        className={shown ? 'notice notice-stale' : 'sale-refresh-quiet'}
      >
        {retrying
          ? 'Trying again…'
          : failure === null
            ? ''
            : failure.gone
              ? GONE
              : `This sale could not be refreshed, so what you see may be out of date: ${failure.message}`}
      </p>
      {failure && !failure.gone ? (
        <button
          type="button"
          className="button button-small"
          aria-disabled={retrying}
          onClick={() => {
            if (!retrying) onRetry();
          }}
        >
          Try again
        </button>
      ) : null}
    </div>
  );
}

/**
 * Once Try again's read answers, the control that had the focus may be gone (the note goes with
 * a sale read, Try again with a sale no longer there), which would drop it to <body>: it moves
 * to `action` (the sale's Undo / Mark fulfilled) when the sale was read, else to `note`, unless
 * the merchant has moved on meanwhile. Call the returned function when Try again is pressed.
 */
export function useFocusAfterRefresh(
  failure: RefreshFailure | null,
  retrying: boolean,
  action: RefObject<HTMLElement | null>,
  note: RefObject<HTMLElement | null>,
): () => void {
  const pressed = useRef(false);
  useEffect(() => {
    if (retrying || !pressed.current) return;
    pressed.current = false;
    const focused = document.activeElement;
    if (focused !== null && focused !== document.body) return;
    (failure === null ? action.current : note.current)?.focus();
  }, [failure, retrying, action, note]);
  return useCallback(() => {
    pressed.current = true;
  }, []);
}
