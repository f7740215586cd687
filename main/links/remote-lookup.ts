// Finding a session Quaderno made but the local database does not know, by the purchase
// fingerprint kept in its metadata.
import { FINGERPRINT_KEY, type QuadernoClient, type QuadernoSession } from '../quaderno';
import { OPEN_STATUSES } from './context';

/**
 * How many sessions one page of the lookup asks for. A lost answer is retried within minutes,
 * so its session is among the newest; a full page of 100 doubled the lookup's cost for no gain.
 */
export const REMOTE_LOOKUP_LIMIT = 50;

/**
 * Pages read at most when Quaderno lists oldest first: the newest sessions are then on the
 * last pages, reached only through its next-page links.
 */
export const REMOTE_LOOKUP_PAGES = 5;

/**
 * Every session of each page is looked at, so a server that ignores `limit` and answers with the
 * whole list, in either order, still finds the match (docs/quaderno-api.md › Where the real
 * service differs). Newest first, one page is enough; oldest first, next-page links are followed
 * up to REMOTE_LOOKUP_PAGES while each brings sessions not seen before, so it never loops.
 */
export function findOpenByFingerprint(
  client: Pick<QuadernoClient, 'listSessionsPage'>,
  fingerprint: string | readonly string[],
): Promise<QuadernoSession | null> {
  return findOpenByMetadata(
    client,
    FINGERPRINT_KEY,
    typeof fingerprint === 'string' ? [fingerprint] : fingerprint,
  );
}

/** The same, by any metadata key the console writes (a fresh link's request id). */
export async function findOpenByMetadata(
  client: Pick<QuadernoClient, 'listSessionsPage'>,
  key: string,
  values: readonly string[],
): Promise<QuadernoSession | null> {
  const wanted = new Set<unknown>(values);
  const seen = new Set<number>();
  let next: string | null = null;
  for (let pages = 1; pages <= REMOTE_LOOKUP_PAGES; pages++) {
    const page = await client.listSessionsPage(
      next ? { page: next } : { limit: REMOTE_LOOKUP_LIMIT },
    );
    const match = page.items.find(
      (s) => OPEN_STATUSES.includes(s.status) && wanted.has(s.metadata?.[key]),
    );
    if (match) return match;
    const fresh = page.items.filter((s) => !seen.has(s.id));
    for (const s of page.items) seen.add(s.id);
    const first = page.items[0]?.id ?? 0;
    const last = page.items[page.items.length - 1]?.id ?? 0;
    const oldestFirst = first < last;
    // The rest lies behind a link the console will not follow: not knowing is not "none".
    if (oldestFirst && fresh.length > 0 && page.linkError) throw page.linkError;
    if (!oldestFirst || !page.nextPage || fresh.length === 0) return null;
    next = page.nextPage;
  }
  return null;
}
