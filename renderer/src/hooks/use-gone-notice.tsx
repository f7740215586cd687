import { useEffect, useReducer, useRef } from 'react';
import { ErrorNotice } from '../components/error-notice';
import { focusIfDropped } from './use-focus-when-row-leaves';

/** A row's failed action, and what the list has done since. */
interface Failure {
  id: number;
  error: unknown;
  /** The rows on screen when it failed: rows read after it decide whether the item went. */
  rows: unknown;
  /** Whether the list was reading when last seen (false at first: a read under way then counts). */
  reading: boolean;
  /** The first read seen after the failure has ended (answered, or failed and left the row). */
  firstReadOver: boolean;
}

type Event =
  | { type: 'failed'; id: number; error: unknown; rows: unknown }
  | { type: 'cleared' }
  /** Rows read since the failure still have its item: the refusal was not about a gone row. */
  | { type: 'foundAgain' }
  /** The list's `reading` flag changed since last seen: a read began or ended. */
  | { type: 'reading'; reading: boolean };

function track(failure: Failure | null, event: Event): Failure | null {
  switch (event.type) {
    case 'failed':
      return {
        id: event.id,
        error: event.error,
        rows: event.rows,
        reading: false,
        firstReadOver: false,
      };
    case 'cleared':
    case 'foundAgain':
      return null;
    case 'reading':
      if (failure === null) return null;
      return {
        ...failure,
        reading: event.reading,
        firstReadOver: failure.firstReadOver || !event.reading,
      };
  }
}

/**
 * For a list whose rows act on main (a rule's switch or Remove, a delivery's Retry, an account's
 * switch or Remove, a draft's Discard or a ready link's Close): after a failed action the list
 * reads its rows again, since main may no longer have the row's item (removed from the command
 * line, with its account, by a restored backup, elsewhere) and its refusal names no list to
 * reload.
 * A row that went took its own notice with it, so the list says what main said instead, and
 * takes the focus if it went with the row. `has(id)`: whether the list still shows that item.
 * `rows`: the list's data as read (its identity changes with each answer). When given, a failure
 * is dropped once rows read after it still have the item (it was not gone, and its row said why):
 * a later removal must not bring back an older refusal. Without `rows`, a failure is kept until
 * `clear`. `reading`: the rows are being read again; while the first read after the failure is
 * under way, `held(id)` tells the failed row to keep its refusal back, so that main's words are
 * announced once: by the row if it stays, by the list if it went. Once that read has ended
 * (answered, or failed and left the row), later reads (an event's) do not hide it again: its
 * notice would come back, said a second time.
 */
export function useGoneNotice(has: (id: number) => boolean, rows?: unknown, reading = false) {
  const [failure, dispatch] = useReducer(track, null);
  // The rows on screen when an action's answer comes (the callback may be older than them).
  const shownRows = useRef(rows);
  useEffect(() => {
    shownRows.current = rows;
  }, [rows]);
  // Told as the list renders, not in an effect a commit later: `held` answers for this render.
  if (failure !== null && failure.rows !== rows && has(failure.id))
    dispatch({ type: 'foundAgain' });
  if (failure !== null && failure.reading !== reading) dispatch({ type: 'reading', reading });

  const gone = failure !== null && !has(failure.id) ? failure.error : null;
  const ref = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (gone !== null) focusIfDropped(ref.current);
  }, [gone]);
  const notice = gone === null ? null : <ErrorNotice error={gone} ref={ref} />;
  return {
    notice,
    /** Row `id`'s action failed with `error`: remember it while the rows are read again. */
    failed: (id: number, error: unknown) =>
      dispatch({ type: 'failed', id, error, rows: shownRows.current }),
    /** A later action worked: an older failure is no longer news. */
    clear: () => dispatch({ type: 'cleared' }),
    /** Row `id`'s refusal waits: the rows are read again, and if it went the list says it. */
    held: (id: number) =>
      reading && failure !== null && !failure.firstReadOver && failure.id === id,
  };
}
