// One status pass of a sync: newest first, page by page, until a page reaches sessions the
// previous run had already seen and finds them unchanged.
import {
  normalizeSession,
  pageLoopError,
  pageMayHaveMore,
  tooManyPagesError,
  type Page,
  type QuadernoClient,
  type QuadernoSession,
  type SessionStatus,
  type NormalizedSession,
  type Unreadable,
} from '../quaderno';
import { isConsoleError } from '../errors';
import { saleProducts, type Fulfillment } from '../../preload/contract-live';
import { customerDisplayName } from '../../preload/customer-name';
import { reportUnreadable } from '../products';
import type { ActivityRepo, FulfillmentsRepo, ProductsRepo, Repos, SessionsRepo } from '../store';

export interface StatusOutcome {
  seen: number;
  updated: number;
  fulfillmentIds: number[];
  /** Sales a webhook recorded without quantities that this session's items completed. */
  enrichedIds: number[];
  changedSessionIds: number[];
}

export interface StatusPass {
  client: Pick<QuadernoClient, 'listSessionsPage'>;
  /** Each page is applied in one transaction (one commit). */
  transaction: Repos['transaction'];
  accountId: number;
  status: SessionStatus;
  /** Newest id of this status the previous successful run saw; null on the first run. */
  previousNewest: number | null;
  pageSize: number;
  /** Pages one pass may read before the listing is reported as endless. */
  maxPages?: number;
  now: () => string;
  sessions: SessionsRepo;
  fulfillments: FulfillmentsRepo;
  products: ProductsRepo;
  activity: ActivityRepo;
}

export type PassOutcome = StatusOutcome & {
  newest: number | null;
  /** Oldest id read when the pass stopped before the end of the list; null if it read it all. */
  stoppedAt: number | null;
};

/** A status pass's outcome and the ids it read, which need no asking about one by one. */
export type ListedOutcome = PassOutcome & {
  read: ReadonlySet<number>;
  /**
   * The list may hold older sessions than the pass could reach: its last page may have had more
   * behind it and gave no way on (see pageMayHaveMore). Not set where a pass stops at known ground.
   */
  cutShort: boolean;
};

export type PageWriter = Pick<
  StatusPass,
  'accountId' | 'now' | 'sessions' | 'fulfillments' | 'products' | 'activity'
>;

/** A pass that has seen nothing yet. */
export function emptyOutcome(): PassOutcome {
  return {
    seen: 0,
    updated: 0,
    fulfillmentIds: [],
    enrichedIds: [],
    changedSessionIds: [],
    newest: null,
    stoppedAt: null,
  };
}

// 1,000,000 sessions at 100 a page; a listing longer than that is a server going round in circles.
const MAX_PAGES = 10_000;

export async function reconcileStatus(pass: StatusPass): Promise<ListedOutcome> {
  const seenIds = new Set<number>();
  const out: ListedOutcome = { ...emptyOutcome(), read: seenIds, cutShort: false };
  const what = `${pass.status} checkout sessions`;
  const maxPages = pass.maxPages ?? MAX_PAGES;
  // A next-page link or cursor seen before would be followed forever (p=1 → p=2 → p=1).
  const seen = new Set<string>();
  // Links that differ each time (p=1&r=…) escape that check; a page with nothing new does not.
  let oldestSeen = Number.MAX_SAFE_INTEGER;
  let next: { page: string } | { createdBefore: number } | null = null;
  for (let pages = 1; ; pages++) {
    const page = await pass.client.listSessionsPage({
      status: pass.status,
      limit: pass.pageSize,
      ...(next ?? {}),
    });
    reportSkipped(pass, page.skipped);
    if (page.items.length === 0) {
      // Every entry unreadable (named in Activity) leaves no id to page on from: what lies
      // below is asked about link by link instead.
      if (page.skipped.length > 0) {
        out.stoppedAt = oldestSeen;
        out.cutShort = pageMayHaveMore(page, pass.pageSize);
      }
      break;
    }
    if (pages > 1 && page.items.every((s) => seenIds.has(s.id))) {
      // Quaderno's own link leading back is a broken listing; our created_before coming back
      // with the same sessions is a server that ignores it: what it gave is all there is.
      if (next && 'page' in next) throw pageLoopError(what, pages - 1);
      out.stoppedAt = oldestSeen;
      out.cutShort = pageMayHaveMore(page, pass.pageSize);
      break;
    }
    let oldest = Number.MAX_SAFE_INTEGER;
    for (const s of page.items) {
      seenIds.add(s.id);
      oldest = Math.min(oldest, s.id);
    }
    oldestSeen = Math.min(oldestSeen, oldest);
    const fresh = pass.transaction(() => applyPage(pass, page.items, out));
    if (!mayHaveMore(page)) break;
    const oldestFirst = listedOldestFirst(page.items);
    // Known ground is "the rest is older"; an oldest-first page says nothing about the rest.
    if (!oldestFirst && reachedKnownGround(page.items, fresh, pass.previousNewest)) {
      out.stoppedAt = oldest;
      break;
    }
    if (!page.nextPage && oldestFirst) {
      // created_before walks towards older sessions: on a list that starts with the oldest it
      // cannot reach the newer rest. Open links are rechecked one by one instead.
      out.stoppedAt = Number.MAX_SAFE_INTEGER;
      out.cutShort = pageMayHaveMore(page, pass.pageSize);
      break;
    }
    next = page.nextPage ? { page: page.nextPage } : { createdBefore: oldest };
    const key = 'page' in next ? next.page : `created_before=${next.createdBefore}`;
    if (seen.has(key)) throw pageLoopError(what, pages);
    if (pages >= maxPages) throw tooManyPagesError(what, maxPages);
    seen.add(key);
  }
  return out;
}

/**
 * Recorded answers carry no X-Pages-* headers, and a server may ignore `limit` or cap it below
 * what was asked (Quaderno's default page is 25): a page without the header may have more behind
 * it whatever its length (docs/quaderno-api.md › Where the real service differs). A sale missed
 * costs the merchant; one request more finds nothing new and ends the pass.
 */
function mayHaveMore(page: Page<QuadernoSession>): boolean {
  return page.announced ? page.hasMore : page.items.length > 0;
}

/**
 * Recorded lists came oldest first; the reference promises newest first (docs/quaderno-api.md
 * › Where the real service differs). Ids grow with creation, so the page itself tells.
 */
function listedOldestFirst(items: readonly QuadernoSession[]): boolean {
  const first = items[0]?.id ?? 0;
  const last = items[items.length - 1]?.id ?? 0;
  return first < last;
}

function reportSkipped(pass: StatusPass, skipped: readonly Unreadable[]): void {
  if (skipped.length > 0) reportUnreadable(pass.activity, pass.accountId, skipped);
}

// Newer sessions a webhook already reported are known too, so "known" alone is not enough to
// stop: the page must reach ids the previous run saw, and those must be unchanged.
function reachedKnownGround(
  items: QuadernoSession[],
  fresh: Set<number>,
  previousNewest: number | null,
): boolean {
  if (previousNewest === null) return false;
  const old = items.filter((s) => s.id <= previousNewest);
  return old.length > 0 && old.every((s) => !fresh.has(s.id));
}

/** Writes one page; returns the ids that were new or changed. */
export function applyPage(
  pass: PageWriter,
  items: QuadernoSession[],
  out: StatusOutcome & { newest: number | null },
): Set<number> {
  const fresh = new Set<number>();
  const productName = (code: string) => pass.products.get(pass.accountId, code);
  const unreadable: Unreadable[] = [];
  for (const raw of items) {
    out.seen += 1;
    out.newest = Math.max(out.newest ?? raw.id, raw.id);
    const session = readSession(raw, productName, unreadable);
    if (!session) continue;
    // origin only applies when the row is new: sessions the console made keep 'console'.
    const { created, statusChanged, idReused } = pass.sessions.upsert(pass.accountId, session, {
      origin: 'remote',
    });
    // The store kept the earlier session under this id and told the merchant.
    if (idReused) continue;
    if (created || statusChanged) {
      fresh.add(session.id);
      out.updated += 1;
      out.changedSessionIds.push(session.id);
    }
    if (session.status === 'completed' && recordSale(pass, session, out)) fresh.add(session.id);
  }
  reportUnreadable(pass.activity, pass.accountId, unreadable);
  return fresh;
}

/**
 * A session the schema accepts can still hold what the console cannot convert (a currency that
 * is not a code, an amount past what it can count): that one is named in Activity and left out,
 * so it cannot roll back its whole page on every run.
 */
function readSession(
  raw: QuadernoSession,
  productName: (code: string) => { name: string } | undefined,
  unreadable: Unreadable[],
): NormalizedSession | null {
  try {
    return normalizeSession(raw, productName);
  } catch (e) {
    if (!isConsoleError(e) || e.code !== 'bad_response') throw e;
    unreadable.push({ what: 'checkout sessions', id: String(raw.id), reason: e.message });
    return null;
  }
}

const counted = (f: Fulfillment) => f.products.some((p) => typeof p.quantity === 'number');

// A webhook that arrives later finds this row by session and enriches it (W1's repo). A webhook
// that came first for a session the console had not seen named the product's code alone
// (docs/quaderno-api.md, "Event payloads"): the session's items add how many were bought.
function recordSale(pass: PageWriter, s: NormalizedSession, out: StatusOutcome): boolean {
  const known = pass.fulfillments.bySession(pass.accountId, s.id);
  if (known && (counted(known) || s.items.length === 0)) return false;
  const { id, created, idReused } = pass.fulfillments.record(pass.accountId, {
    sessionId: s.id,
    permalink: s.permalink,
    customerEmail: s.customer.email || null,
    customerName: customerDisplayName(s.customer),
    products: saleProducts(s.items),
    description: null,
    amount: s.total,
    currency: s.currency,
    taxName: null,
    taxRate: null,
    transactionId: null,
    gateway: null,
    source: 'sync',
    signatureWarning: false,
    receivedAt: pass.now(),
    eventId: null,
  });
  if (created) out.fulfillmentIds.push(id);
  else if (!idReused) out.enrichedIds.push(id);
  return created;
}
