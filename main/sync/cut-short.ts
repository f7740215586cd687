// A status list Quaderno gave in part, with no way to read the rest (no next link, a cursor it
// ignores, a page of entries the console cannot read, an oldest-first list: docs/quaderno-api.md
// › Where the real service differs), may hide older sales made outside the console: the links
// this console made are asked about one by one (recheck-open.ts), the others the merchant must
// look up. Activity says so once per run, and not again while the same lists stay cut short: the
// run's cursors remember which were told, and a list read to the end clears its own.
import type { SessionStatus } from '../quaderno';
import type { Repos, SyncCursors } from '../store';

export const CUT_SHORT_KIND = 'sync_cut_short';

const cursorOf = (status: SessionStatus) => `cut_short_${status}`;

export function noteCutShort(
  activity: Repos['activity'],
  accountId: number,
  /** What each status pass that finished this run found: cut short or read to the end. */
  passes: ReadonlyMap<SessionStatus, boolean>,
  previous: SyncCursors,
  cursors: SyncCursors,
): void {
  const cut: SessionStatus[] = [];
  for (const [status, cutShort] of passes) {
    if (cutShort) {
      cut.push(status);
      cursors[cursorOf(status)] = 1;
    } else delete cursors[cursorOf(status)];
  }
  if (!cut.some((status) => previous[cursorOf(status)] === undefined)) return;
  activity.add(accountId, CUT_SHORT_KIND, cutShortMessage(cut), { statuses: cut });
}

function cutShortMessage(cut: readonly SessionStatus[]): string {
  const lists =
    cut.length === 1 ? cut[0] : `${cut.slice(0, -1).join(', ')} and ${cut[cut.length - 1]}`;
  return (
    `Quaderno gave its list of ${lists} checkout sessions only in part, with no way to read the ` +
    'rest, so some older links and sales may not have been read. Links made in this console are ' +
    'still checked one by one; look up older sales made elsewhere in Quaderno.'
  );
}
