// Status lists are ordered by creation, so an old open link paid after many newer sales sits
// below where a pass stops. Ask about such links one by one: the newest few every run (the
// likeliest to be paid), and the older ones a few at a time, taking up each run where the last
// one left off, so links never paid (or abandoned, which Quaderno keeps about 7 days) cannot
// hide an older paid one for good (docs/quaderno-api.md › Where the real service differs).
import { isConsoleError, type ConsoleError } from '../errors';
import { reportUnreadable } from '../products';
import type { QuadernoClient } from '../quaderno';
import type { Repos } from '../store';
import { applyPage, emptyOutcome, type PageWriter, type PassOutcome } from './reconcile-status';

/** The newest open links read every run. */
export const RECHECK_NEWEST = 10;
/** Older open links read per run, in turn. With the newest, 20 calls (the limit is 100 / 15 s). */
export const RECHECK_IN_TURN = 10;

export type RecheckWriter = PageWriter & {
  client: Pick<QuadernoClient, 'getSession'>;
  transaction: Repos['transaction'];
  activity: Repos['activity'];
};

export type RecheckOutcome = PassOutcome & {
  /** Where the next run's turn begins (below this id); null to start again from the top. */
  resumeBelow: number | null;
  /** The first link Quaderno failed on (5xx after the client's retries), for the run to report. */
  failure: ConsoleError | null;
};

/** Open links passed over in the store (not asked about) before a turn counts as ended. */
const MAX_SCANNED = 10_000;
const SCAN_BATCH = 100;

export async function recheckOpenSessions(
  writer: RecheckWriter,
  below: number,
  resumeBelow: number | null,
  /** Ids a status list read this run: their state is known, a call on them is wasted. */
  wasRead: (id: number) => boolean = () => false,
): Promise<RecheckOutcome> {
  const out = emptyOutcome();
  const unread: UnreadBelow = (from, limit, floor = 0) => {
    const ids: number[] = [];
    for (let at = from, scanned = 0; ids.length < limit && scanned < MAX_SCANNED;) {
      const batch = writer.sessions
        .openIdsBelow(writer.accountId, at, SCAN_BATCH)
        .filter((id) => id > floor);
      for (const id of batch) if (ids.length < limit && !wasRead(id)) ids.push(id);
      if (batch.length < SCAN_BATCH) break;
      scanned += batch.length;
      at = batch.at(-1)!;
    }
    return ids;
  };
  const newest = unread(below, RECHECK_NEWEST);
  const rest = newest.length < RECHECK_NEWEST ? [] : inTurn(unread, newest.at(-1)!, resumeBelow);
  let failure: ConsoleError | null = null;
  for (const id of [...newest, ...rest]) {
    const failed = await recheck(writer, id, out);
    failure ??= failed;
  }
  return {
    ...out,
    resumeBelow: rest.length === RECHECK_IN_TURN ? rest.at(-1)! : null,
    failure,
  };
}

/** Up to `limit` open links below `from` and above `floor` that no list read this run. */
type UnreadBelow = (from: number, limit: number, floor?: number) => number[];

/** The next RECHECK_IN_TURN open links below `top`, from `resume` down and round again. */
function inTurn(unread: UnreadBelow, top: number, resume: number | null): number[] {
  const from = resume !== null && resume < top ? resume : top;
  const ids = unread(from, RECHECK_IN_TURN);
  if (ids.length < RECHECK_IN_TURN && from < top) {
    // The oldest reached: on from the top, down to where this turn began (`from` itself was
    // the last link the previous turn asked about).
    ids.push(...unread(top, RECHECK_IN_TURN - ids.length, from));
  }
  return ids;
}

// A link Quaderno no longer has (404, or 410) is deleted; one it answers in a shape the console
// cannot read is named in Activity and asked again in a later turn, so it cannot stop every run
// (and the webhook's re-creation after it). One Quaderno keeps failing on (5xx) is passed over
// the same way and returned for the run to report. Errors about the account or the network end
// the run, as anywhere else.
const GONE = new Set(['not_found', 'gone']);

async function recheck(
  writer: RecheckWriter,
  id: number,
  out: PassOutcome,
): Promise<ConsoleError | null> {
  let raw;
  try {
    raw = await writer.client.getSession(id);
  } catch (e) {
    if (!isConsoleError(e)) throw e;
    if (GONE.has(e.code)) {
      if (writer.sessions.setStatus(writer.accountId, id, 'deleted')) {
        out.updated += 1;
        out.changedSessionIds.push(id);
      }
      return null;
    }
    if (e.code === 'server_error') return e;
    if (e.code !== 'bad_response') throw e;
    reportUnreadable(writer.activity, writer.accountId, [
      { what: 'checkout sessions', id: String(id), reason: e.message },
    ]);
    return null;
  }
  writer.transaction(() => applyPage(writer, [raw], out));
  return null;
}
