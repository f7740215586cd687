// Status lists are ordered by creation, so an old open link paid after many newer sales sits
// below where a pass stops. Ask about the newest few such links one by one.
import { isConsoleError } from '../errors';
import type { QuadernoClient } from '../quaderno';
import type { Repos } from '../store';
import { applyPage, emptyOutcome, type PageWriter, type PassOutcome } from './reconcile-status';

/** At most this many single-session reads per run (the rate limit is 100 calls / 15 s). */
export const RECHECK_LIMIT = 20;

const OPEN = ['pending', 'processing', 'abandoned'] as const;

export async function recheckOpenSessions(
  writer: PageWriter & {
    client: Pick<QuadernoClient, 'getSession'>;
    transaction: Repos['transaction'];
  },
  below: number,
): Promise<PassOutcome> {
  const out = emptyOutcome();
  const candidates = OPEN.flatMap(
    (status) => writer.sessions.list(writer.accountId, { status, limit: 200, offset: 0 }).items,
  )
    .filter((link) => link.id < below)
    .sort((a, b) => b.id - a.id)
    .slice(0, RECHECK_LIMIT);
  for (const link of candidates) {
    let raw;
    try {
      raw = await writer.client.getSession(link.id);
    } catch (e) {
      if (!isConsoleError(e) || e.code !== 'not_found') throw e;
      if (writer.sessions.setStatus(writer.accountId, link.id, 'deleted')) {
        out.updated += 1;
        out.changedSessionIds.push(link.id);
      }
      continue;
    }
    writer.transaction(() => applyPage(writer, [raw], out));
  }
  return out;
}
