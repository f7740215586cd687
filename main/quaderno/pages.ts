// Following Quaderno's pagination headers (docs/quaderno-api.md › Pagination).
import { z } from 'zod';
import type { ConsoleError } from '../errors';
import { badResponse } from './http-errors';
import { pageLoopError, tooManyPagesError } from './limit-errors';
import { buildUrl, parseBody, type ApiRequest, type Send } from './transport';

export interface PagingLimits {
  /** Pages one listing may follow before it is reported as endless. */
  maxPages: number;
}

export interface Page<T> {
  items: T[];
  hasMore: boolean;
  /**
   * The answer said whether more exist (X-Pages-HasMore). Recorded answers say nothing, and a
   * full page of such a list may have more behind it (docs/quaderno-api.md › Where the real
   * service differs).
   */
  announced: boolean;
  nextPage: string | null;
  /**
   * A next-page link that must not be followed (another server, or not a URL). The page's own
   * items are still good: sync falls back to created_before, a listing that needs every page
   * reports this.
   */
  linkError: ConsoleError | null;
  /** Entries that could not be read: left out of `items`, named here for the Activity log. */
  skipped: Unreadable[];
}

/** One list entry the console could not read, and why. */
export interface Unreadable {
  /** What was listed ('products'), the entry's id when it has one, and the first problem. */
  what: string;
  id: string | null;
  reason: string;
}

export type OnUnreadable = (entry: Unreadable) => void;

function entryId(entry: unknown): string | null {
  if (typeof entry !== 'object' || entry === null) return null;
  const { id, code } = entry as Record<string, unknown>;
  const named = id ?? code;
  return typeof named === 'string' || typeof named === 'number' ? String(named) : null;
}

/**
 * One entry a newer API version or another account reshaped must not hide every other one:
 * each is read on its own and the unreadable ones are returned apart.
 */
export function readEntries<S extends z.ZodType>(
  entries: unknown[],
  schema: S,
  what: string,
): { items: z.output<S>[]; skipped: Unreadable[] } {
  const items: z.output<S>[] = [];
  const skipped: Unreadable[] = [];
  for (const entry of entries) {
    const parsed = schema.safeParse(entry);
    if (parsed.success) {
      items.push(parsed.data);
      continue;
    }
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    skipped.push({ what, id: entryId(entry), reason: `${where}${issue?.message ?? 'unreadable'}` });
  }
  return { items, skipped };
}

/**
 * The next-page link is followed with the account's key attached, so it must stay on the
 * API's own origin; anything else is treated as a broken response, never followed.
 */
function nextPageUrl(link: string | null, apiUrl: string, current: string): string | null {
  if (link === null || link.trim() === '') return null;
  let url: URL;
  try {
    url = new URL(link.trim(), apiUrl);
  } catch {
    return 'invalid';
  }
  if (url.origin !== new URL(apiUrl).origin) return 'foreign';
  if (url.href === current) return 'loop';
  return url.href;
}

export async function fetchPage<S extends z.ZodType>(
  send: Send,
  apiUrl: string,
  request: ApiRequest,
  itemSchema: S,
): Promise<Page<z.output<S>>> {
  const response = await send(request);
  const { items, skipped } = readEntries(
    parseBody(response, z.array(z.unknown())),
    itemSchema,
    request.what,
  );
  // Without X-Pages-* headers (recorded answers have none) a listing ends here; sync alone, which
  // must not miss a sale, asks again past such a page (reconcile-status.ts).
  const flag = response.headers.get('x-pages-hasmore');
  const link = response.headers.get('x-pages-nextpage');
  const linked = link !== null && link.trim() !== '';
  // A next-page link without the flag still says more exist; a flag saying false wins.
  const announced = flag !== null || linked;
  const hasMore = flag !== null ? flag.trim().toLowerCase() === 'true' : linked;
  const page: Page<z.output<S>> = {
    items,
    hasMore,
    announced,
    nextPage: null,
    linkError: null,
    skipped,
  };
  if (!hasMore) return page;
  const next = nextPageUrl(link, apiUrl, request.url ?? '');
  if (next === 'foreign') {
    const linkError = badResponse(response.context, 'the next-page link points to another server');
    return { ...page, linkError };
  }
  if (next === 'invalid') {
    return { ...page, linkError: badResponse(response.context, 'the next-page link is broken') };
  }
  // A link to the page just read is a server ignoring its own paging: nothing more to follow.
  // More announced without a link: the caller decides (sync pages by created_before; a listing
  // ends with what it has), since some answers set the flag on every page.
  if (next === 'loop' || next === null) return page;
  return { ...page, nextPage: next };
}

/**
 * Yields every item, page after page, until Quaderno says there are no more. A link back to any
 * page already read (p=1 → p=2 → p=1 once made 1,394 requests) or more than `maxPages` pages
 * ends the listing with an error naming what was listed.
 */
export async function* followPages<S extends z.ZodType>(
  send: Send,
  apiUrl: string,
  first: ApiRequest,
  itemSchema: S,
  limits: PagingLimits,
  onUnreadable?: OnUnreadable,
  onPage?: (page: Page<z.output<S>>) => void,
): AsyncGenerator<z.output<S>> {
  const seen = new Set<string>([buildUrl(apiUrl, first).href]);
  // Links that differ each time (p=2&r=…) escape the check above; a page of nothing new does not.
  const ids = new Set<unknown>();
  const idOf = (entry: unknown) => (entry as { id?: unknown } | null)?.id;
  let request: ApiRequest | null = first;
  for (let pages = 1; request; pages++) {
    const page: Page<z.output<S>> = await fetchPage(send, apiUrl, request, itemSchema);
    onPage?.(page);
    for (const entry of page.skipped) onUnreadable?.(entry);
    // A listing that must be whole cannot end at a link it will not follow.
    if (page.linkError) throw page.linkError;
    if (pages > 1 && page.items.length > 0 && page.items.every((e) => ids.has(idOf(e)))) {
      throw pageLoopError(first.what, pages - 1);
    }
    for (const entry of page.items) ids.add(idOf(entry));
    yield* page.items;
    if (!page.nextPage) return;
    if (seen.has(page.nextPage)) throw pageLoopError(first.what, pages);
    if (pages >= limits.maxPages) throw tooManyPagesError(first.what, limits.maxPages);
    seen.add(page.nextPage);
    request = { method: 'GET', url: page.nextPage, what: first.what };
  }
}

/**
 * A whole listing, and whether it may have been cut short: its last page said nothing about more
 * pages yet held a default page's worth (25) or more, which a server that ignores or caps `limit`
 * would also give (docs/quaderno-api.md › Where the real service differs), or it said more exist
 * and gave no link to follow (none, or one back to itself).
 */
export type Listing<T> = T[] & { maybeMore?: boolean };

/** Quaderno's page size when `limit` is not honoured. */
const DEFAULT_PAGE = 25;

/**
 * Whether a page may not be the last of its list: it said more exist, or it said nothing and held
 * a default page's worth (or the `limit` asked, if smaller), which a server that ignores or caps
 * `limit` would also give (docs/quaderno-api.md › Where the real service differs).
 */
export function pageMayHaveMore(page: Page<unknown>, limit = DEFAULT_PAGE): boolean {
  if (page.announced) return page.hasMore;
  return page.items.length + page.skipped.length >= Math.min(DEFAULT_PAGE, limit);
}

/** followPages, gathered into one array. */
export async function collectPages<S extends z.ZodType>(
  send: Send,
  apiUrl: string,
  first: ApiRequest,
  schema: S,
  limits: PagingLimits,
  onUnreadable?: OnUnreadable,
): Promise<Listing<z.output<S>>> {
  const all: Listing<z.output<S>> = [];
  // Not enumerable: the listing still compares, copies and serialises as the plain array it is.
  Object.defineProperty(all, 'maybeMore', { value: false, writable: true, enumerable: false });
  const onPage = (page: Page<z.output<S>>) => {
    const unlinked = page.hasMore && page.nextPage === null && page.linkError === null;
    all.maybeMore = unlinked || (!page.announced && pageMayHaveMore(page));
  };
  const pages = followPages(send, apiUrl, first, schema, limits, onUnreadable, onPage);
  for await (const item of pages) all.push(item);
  return all;
}
