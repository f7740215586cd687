import { useEffect, useRef, useState } from 'react';
import { ErrorNotice } from '../components/error-notice';
import { focusIfDropped } from './use-focus-when-row-leaves';

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
 * announced once: by the row if it stays, by the list if it went. Once that read has settled
 * (answered, or failed and left the row), later reads (an event's) do not hide it again: its
 * notice would come back, said a second time.
 */
export function useGoneNotice(has: (id: number) => boolean, rows?: unknown, reading = false) {
  // `read`: how far the first read after the failure got: not seen yet, under way, settled.
  const [failure, setFailure] = useState<{
    id: number;
    error: unknown;
    rows: unknown;
    read: 'asked' | 'reading' | 'settled';
  } | null>(null);
  // The rows on screen when an action's answer comes (the callback may be older than them).
  const shownRows = useRef(rows);
  useEffect(() => {
    shownRows.current = rows;
  }, [rows]);
  // Read again since the failure, and the item is there: the refusal was not about a gone row.
  if (failure !== null && failure.rows !== rows && has(failure.id)) setFailure(null);
  else if (failure !== null && failure.read === 'asked' && reading)
    setFailure({ ...failure, read: 'reading' });
  else if (failure !== null && failure.read === 'reading' && !reading)
    setFailure({ ...failure, read: 'settled' });
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
      setFailure({ id, error, rows: shownRows.current, read: 'asked' }),
    /** A later action worked: an older failure is no longer news. */
    clear: () => setFailure(null),
    /** Row `id`'s refusal waits: the rows are read again, and if it went the list says it. */
    held: (id: number) =>
      reading && failure !== null && failure.read !== 'settled' && failure.id === id,
  };
}
