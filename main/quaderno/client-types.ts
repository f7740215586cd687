// The client's public types, kept apart so the implementation file stays short.
import type { Listing, OnUnreadable, Page } from './pages';
import type { RateLimit } from './rate-limiter';
import type { Backoff, RetryScope } from './retry-policy';
import type {
  Identity,
  QuadernoItem,
  QuadernoSession,
  QuadernoWebhook,
  SessionCreateInput,
  SessionStatus,
} from './schemas';

export interface QuadernoClientOptions {
  apiUrl: string;
  apiKey: string;
  /** Per attempt, default 15 000. */
  timeoutMs?: number;
  /** Retries after the first attempt, default 4. */
  maxRetries?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Pairs with `sleep` when tests fake time. Default Date.now. */
  now?: () => number;
  /** Client-side pacing, default 100 calls / 15 s; false turns pacing off (429s are still retried). */
  rateLimit?: RateLimit | false;
  /** Exponential backoff with full jitter, default { baseMs: 500, maxMs: 15 000 }. */
  backoff?: Backoff;
  /**
   * A call that Quaderno's 429/503 answers would make wait longer than this in all fails at
   * once, and so does every call made while the account is paused for longer; default 60 000.
   */
  maxServerWaitMs?: number;
  /** The longest a rate-limit answer pauses the account's calls, default 15 min. */
  maxPauseMs?: number;
  /** Answers larger than this are cut off and reported, default 32 MiB. */
  maxBodyBytes?: number;
  /** Pages one listing may follow before it is reported as endless, default 1 000. */
  maxPages?: number;
  /** Shutdown: aborting it ends every pending wait and request of this client at once. */
  signal?: AbortSignal;
}

export interface SessionPageQuery {
  status?: SessionStatus;
  /** Page size, 1–100 (Quaderno's default is 25). */
  limit?: number;
  /** Only sessions older than this id. */
  createdBefore?: number;
  /** A `nextPage` from an earlier call; the other fields are then ignored. */
  page?: string;
}

/** What one call of the client may carry besides its input. */
export interface CallOptions {
  /**
   * The caller's own bound (a connection check's time limit): aborting it ends this call, its
   * waits, retries and further pages included, as shutdown ends every call.
   */
  signal?: AbortSignal;
  /**
   * Which failures this call tries again (see RetryScope): 'answers' for a merchant waiting on
   * it, 'reach' for the heartbeat's ping while online, 'none' for a probe; default 'all'.
   */
  retry?: RetryScope;
}

export interface QuadernoClient {
  readonly apiUrl: string;
  ping(call?: CallOptions): Promise<void>;
  authorization(call?: CallOptions): Promise<Identity>;
  /**
   * Items that cannot be read are left out and passed to `onUnreadable`. `maybeMore`: the last
   * page may not have been the last (see Listing).
   */
  listItems(onUnreadable?: OnUnreadable, call?: CallOptions): Promise<Listing<QuadernoItem>>;
  createSession(input: SessionCreateInput, call?: CallOptions): Promise<QuadernoSession>;
  getSession(id: number, call?: CallOptions): Promise<QuadernoSession>;
  updateSession(
    id: number,
    input: Partial<SessionCreateInput>,
    call?: CallOptions,
  ): Promise<QuadernoSession>;
  deleteSession(id: number, call?: CallOptions): Promise<void>;
  listSessionsPage(q?: SessionPageQuery, call?: CallOptions): Promise<Page<QuadernoSession>>;
  listSessions(
    q?: { status?: SessionStatus; limit?: number },
    onUnreadable?: OnUnreadable,
    call?: CallOptions,
  ): AsyncIterable<QuadernoSession>;
  createWebhook(
    input: { url: string; events_types: string[] },
    call?: CallOptions,
  ): Promise<QuadernoWebhook>;
  /** `maybeMore`: the last page may not have been the last (see Listing). */
  listWebhooks(call?: CallOptions): Promise<Listing<QuadernoWebhook>>;
  getWebhook(id: number, call?: CallOptions): Promise<QuadernoWebhook>;
  updateWebhook(
    id: number,
    input: { url?: string; events_types?: string[] },
    call?: CallOptions,
  ): Promise<QuadernoWebhook>;
  deleteWebhook(id: number, call?: CallOptions): Promise<void>;
}
