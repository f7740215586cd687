// Links asked for while Quaderno is unreachable (issue 17, "Honest offline"): kept as drafts in
// SQLite and created later, oldest first, through the same create-or-reuse path as any link.
import { z } from 'zod';
import {
  LINK_LIMITS,
  linkCreateInput,
  type LinkCreateRequest,
  type LinkDraft,
  type LinkResult,
  type UnreadableDraft,
} from '../../preload/contract-links';
import { isNetworkFailure } from '../connectivity';
import { ConsoleError, isConsoleError } from '../errors';
import type { LinkDraftRow, Store } from '../store';

/** Quaderno failing without an answer (a 500, a timeout) this many times refuses the draft. */
export const DRAFT_MAX_ATTEMPTS = 5;
/** A claim outlives any one create (client timeouts and the purchase lease's wait are shorter). */
const HOLD_MS = 2 * 60_000;
/** Drafts created per run at most: the rest wait for the next, so a run stays bounded. */
const PER_RUN = 50;

export interface DraftRunnerDeps {
  store: Store;
  activeAccountId(): number | null;
  /**
   * The create-or-reuse path a link made online takes, reuse rules included, on `accountId`'s
   * Quaderno; it must refuse (an `offline` error) if that is no longer the active account.
   * `signal` stops its Quaderno calls, waits between retries included, when the connection
   * comes back.
   */
  create(request: LinkCreateRequest, accountId: number, signal: AbortSignal): Promise<LinkResult>;
  onCreated(draftId: number, result: LinkResult): void;
  /** First wait before retrying while Quaderno is unreachable; doubles up to `maxRetryMs`. */
  retryMs?: number;
  maxRetryMs?: number;
}

export interface DraftRunner {
  save(accountId: number, request: LinkCreateRequest): LinkDraftRow;
  /** A link made for this purchase since: its waiting draft is not needed any more. */
  settle(accountId: number, request: LinkCreateRequest): void;
  /** Creates what waits now; a run already going is joined, not doubled. */
  run(): Promise<void>;
  /**
   * Quaderno answers again: what waits is created now, not after the retry timer or a retry
   * started while offline (it stops, uncounted, and a fresh run follows it).
   */
  reconnected(): Promise<void>;
  list(): LinkDraft[];
  discard(id: number): void;
  close(): void;
}

/**
 * The purchase a request asks for, as the merchant typed it (the fingerprint needs the
 * catalogue, which may be out of reach offline): customer email and items, in any order.
 */
export function requestKey(request: Pick<LinkCreateRequest, 'customer' | 'items'>): string {
  return JSON.stringify([
    request.customer.email.trim().toLowerCase(),
    request.items
      .map((i) =>
        JSON.stringify([i.product.trim(), i.quantity, i.unitAmount, i.currency?.toUpperCase()]),
      )
      .sort(),
  ]);
}

/**
 * The purchase a draft waits for. A new link asked for beside the customer's open one is its own
 * wish: a plain link for the same purchase (which reuses the open one) neither merges with it
 * nor settles it.
 */
function draftKey(request: LinkCreateRequest): string {
  const key = requestKey(request);
  return request.forceNew ? `${key} new` : key;
}

const UNREADABLE = 'This draft could not be read back. Discard it and create the link again.';

/** Each limit a draft saved before it may break (948ec7b), told as what happened and what to do. */
function limitBroken(path: PropertyKey[]): string | null {
  const again = 'discard it and create the link again';
  const [field, , leaf] = path;
  if (field === 'items' && path.length === 1)
    return `It was saved before a link was limited to ${LINK_LIMITS.items} products: ${again} with fewer products, or split them across links.`;
  if (field === 'items' && leaf === 'product')
    return `It was saved before product codes were limited to ${LINK_LIMITS.product} characters: ${again}, picking the product from the list.`;
  if (field === 'customer' && path[1] === 'email')
    return `It was saved before email addresses were limited to ${LINK_LIMITS.email} characters: ${again} with the customer's real address.`;
  if (field === 'successUrl' || field === 'cancelUrl')
    return `It was saved before success and cancel URLs were limited to ${LINK_LIMITS.url} characters: ${again} with a shorter URL.`;
  if (field === 'paymentMethods')
    return `It was saved before each payment method could be listed only once: ${again}.`;
  return null;
}

/** Why the console (never Quaderno) cannot make this stored draft, and what to do. */
function unreadableReason(stored: unknown): string {
  if (stored === undefined) return UNREADABLE;
  const parsed = linkCreateInput.safeParse(stored);
  if (parsed.success) return UNREADABLE;
  for (const issue of parsed.error.issues) {
    const said = limitBroken(issue.path);
    if (said) return said;
  }
  return UNREADABLE;
}

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max)}…` : text);

/** What a stored draft still says, read loosely: any part that does not read is left out. */
const looseDraft = z.object({
  customer: z.object({ email: z.string().catch('') }).catch({ email: '' }),
  items: z.array(z.unknown()).catch([]),
});
const looseItem = z.object({
  product: z.string(),
  quantity: z.number().int().positive().catch(1),
});

export function readUnreadableDraft(stored: unknown): UnreadableDraft {
  const draft = looseDraft.safeParse(stored);
  const email = draft.success ? draft.data.customer.email.trim() : '';
  const all = draft.success ? draft.data.items : [];
  const items = all.slice(0, LINK_LIMITS.items).flatMap((i) => {
    const item = looseItem.safeParse(i);
    return item.success
      ? [{ product: clip(item.data.product, LINK_LIMITS.product), quantity: item.data.quantity }]
      : [];
  });
  return {
    email: email === '' ? null : clip(email, LINK_LIMITS.email),
    items,
    moreItems: Math.max(0, all.length - LINK_LIMITS.items),
    reason: unreadableReason(stored),
  };
}

/** Why Quaderno refused, in its words and the fields it named, for the merchant to fix. */
function refusal(e: ConsoleError): string {
  const fields = Object.values(e.fields ?? {});
  return fields.length > 0 ? `${e.message} (${fields.join(' ')})` : e.message;
}

/** A failure that is worth trying again later: no answer, or a server that failed. */
function transient(e: unknown): boolean {
  if (!isConsoleError(e)) return true;
  return isNetworkFailure(e) || ['server_error', 'bad_response', 'rate_limited'].includes(e.code);
}

/**
 * Main's refusals of a draft's Discard (or a ready link's Close), owned here for every caller and
 * test double. They show only in the Links screen's Drafts panel, which names no draft by number
 * and reads its drafts again itself after a refusal, so they name none and point at no list.
 * Main still keeps the draft but is making its link right now (only a waiting draft is taken):
 * said in the draft's row.
 */
export function draftBeingMade(): ConsoleError {
  return new ConsoleError(
    'conflict',
    'Its link is being made right now, so this draft cannot be discarded. Try again once ' +
      'Quaderno has answered.',
  );
}

/**
 * The active account has no such draft (a ready link's notice is one too): said above the drafts
 * once its row went, so it must be true of a draft and of a ready link's notice alike.
 */
export function draftGone(): ConsoleError {
  return new ConsoleError(
    'not_found',
    "That draft is no longer among the active account's drafts: it was already discarded or " +
      'closed, the active account changed, or an older backup was restored.',
  );
}

export function createDraftRunner(deps: DraftRunnerDeps): DraftRunner {
  const { store } = deps;
  const firstWait = deps.retryMs ?? 5_000;
  const maxWait = deps.maxRetryMs ?? 60_000;
  let wait = firstWait;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  /**
   * Stops the running drain, which a reconnect does; null when none runs or it began at a
   * reconnect. Such a drain is never stopped: it began with Quaderno answering, so none of its
   * calls can be sleeping out an outage, and a flapping connection cannot stop drain after drain.
   */
  let stopping: AbortController | null = null;
  let closed = false;

  function later(): void {
    if (closed || timer) return;
    timer = setTimeout(() => {
      timer = null;
      void run();
    }, wait);
    timer.unref();
    wait = Math.min(wait * 2, maxWait);
  }

  /** 'stop' when Quaderno cannot be reached: the other drafts would fail the same way. */
  async function attempt(draft: LinkDraftRow, signal: AbortSignal): Promise<'next' | 'stop'> {
    if (!draft.request) {
      store.linkDrafts.refused(draft.id, unreadableReason(draft.stored));
      return 'next';
    }
    try {
      // A new link asked for offline is made new on the first try that may reach Quaderno. After
      // one that may have (an answer lost, a 5xx, a runner that died: counted in attempts),
      // reuse rules apply, so the session that try made is found instead of a twin (see run()).
      const result = await deps.create(
        {
          ...draft.request,
          // With its request id a fresh link stays fresh on every try (a retry in doubt finds
          // the session by that id). A draft saved before ids has only its first try forced.
          forceNew:
            draft.request.forceNew &&
            (draft.attempts === 0 || draft.request.requestId !== undefined),
        },
        draft.accountId,
        signal,
      );
      store.linkDrafts.created(draft.id, result.link.id);
      deps.onCreated(draft.id, result);
      return 'next';
    } catch (e) {
      // Stopped by a reconnect (what began after it runs on, so an answer is still an answer):
      // the run that follows tries it again at once.
      if (signal.aborted && isNetworkFailure(e)) {
        store.linkDrafts.release(draft.id, e instanceof Error ? e.message : String(e), false);
        return 'stop';
      }
      if (!transient(e)) {
        store.linkDrafts.refused(draft.id, isConsoleError(e) ? refusal(e) : String(e));
        return 'next';
      }
      const reason = e instanceof Error ? e.message : String(e);
      // Offline means nothing reached Quaderno: that costs no attempt, however long it lasts.
      const counted = !(isConsoleError(e) && e.code === 'offline');
      if (counted && draft.attempts + 1 >= DRAFT_MAX_ATTEMPTS) {
        store.linkDrafts.refused(
          draft.id,
          `Quaderno failed ${DRAFT_MAX_ATTEMPTS} times: ${reason} Try again later or discard it.`,
        );
        return 'next';
      }
      store.linkDrafts.release(draft.id, reason, counted);
      return 'stop';
    }
  }

  /**
   * Each draft is created once even if two runs race (two wake-ups, or the app and a CLI call
   * on one file): a draft is claimed in one transaction before its create, so only one run
   * holds it. If the process dies after Quaderno made the session but before the draft is
   * marked created, the claim expires and the draft is tried again; the create-or-reuse path
   * then finds the session it made — in SQLite, where it was stored before the mark, or in
   * Quaderno by the purchase fingerprint in its metadata (a lost answer leaves a doubt that
   * makes that lookup run) — and reuses it instead of making a twin.
   */
  async function drain(signal: AbortSignal): Promise<void> {
    const accountId = deps.activeAccountId();
    if (accountId === null) return;
    for (let n = 0; n < PER_RUN; n++) {
      if (closed || !store.isOpen() || signal.aborted) return;
      const draft = store.linkDrafts.claim(accountId, Date.now(), HOLD_MS);
      if (!draft) break;
      if ((await attempt(draft, signal)) === 'stop') return signal.aborted ? undefined : later();
    }
    wait = firstWait;
    // Drafts another run holds, or more than one run's worth: look again soon.
    if (store.isOpen() && store.linkDrafts.waitingCount(accountId) > 0) later();
  }

  function run(): Promise<void> {
    return start(true);
  }

  function start(stoppable: boolean): Promise<void> {
    if (closed || !store.isOpen()) return Promise.resolve();
    if (running) return running;
    const stop = new AbortController();
    stopping = stoppable ? stop : null;
    running = drain(stop.signal)
      .catch(() => {
        if (store.isOpen() && !stop.signal.aborted) later();
      })
      .finally(() => {
        running = null;
        stopping = null;
      });
    return running;
  }

  function reconnected(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = null;
    wait = firstWait;
    if (!running || !stopping) return start(false);
    // The attempt under way may have started while Quaderno was unreachable and be sleeping
    // between retries: stop it, and start afresh once it has let go of its draft.
    stopping.abort();
    return running.then(() => start(false));
  }

  return {
    save(accountId, request) {
      const row = store.linkDrafts.save(accountId, request, draftKey(request));
      later();
      return row;
    },
    settle(accountId, request) {
      store.linkDrafts.settle(accountId, draftKey(request), Date.now());
    },
    run,
    reconnected,
    list() {
      const accountId = deps.activeAccountId();
      if (accountId === null) return [];
      return store.linkDrafts.list(accountId).map((d: LinkDraftRow) => ({
        id: d.id,
        status: d.status,
        request: d.request,
        // Told from what is stored now, not the reason kept when it was refused (an older
        // console's words blamed Quaderno).
        ...(d.request ? {} : { unreadable: readUnreadableDraft(d.stored) }),
        reason: d.reason,
        link: d.linkId === null ? null : (store.sessions.get(accountId, d.linkId) ?? null),
        createdAt: d.createdAt,
        updatedAt: d.updatedAt,
      }));
    },
    discard(id) {
      const accountId = deps.activeAccountId();
      if (accountId === null) throw draftGone();
      if (store.linkDrafts.discard(accountId, id, Date.now())) return;
      // Not removed: still there means taken by a run making its link.
      const kept = store.linkDrafts.list(accountId).some((d) => d.id === id);
      throw kept ? draftBeingMade() : draftGone();
    },
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
