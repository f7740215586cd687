// When a failed call may be sent again, and after how long.

export type Failure =
  | { kind: 'status'; status: number }
  | { kind: 'network' }
  | { kind: 'timeout' }
  /** The body passed the byte cap: sending again would only download it again. */
  | { kind: 'too_large' }
  /** The client is shutting down. */
  | { kind: 'closed' };

export interface Backoff {
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: Backoff = { baseMs: 500, maxMs: 15_000 };

const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE']);

const RATE_LIMIT_TEXT = /rate[\s_-]?limit|too many requests|throttl/i;

/**
 * Quaderno has said "slow down" three ways (docs/quaderno-api.md › Where the real service
 * differs): 429; 503 on versions before 20170628 (quaderno-ruby: "Throttle limit exceeded");
 * and 403, which quaderno-ruby reads as "rate limit exceeded" whatever its body. A 403 or 503
 * counts when its body says so, when the window is announced spent, or when it says when to
 * come back (Retry-After, which a refusal has no use for); a plain 403 stays "forbidden" and a
 * plain 503 a server error.
 */
export function isRateLimitAnswer(status: number, body: string, headers: Headers): boolean {
  if (status === 429) return true;
  if (status !== 403 && status !== 503) return false;
  if (RATE_LIMIT_TEXT.test(body.slice(0, 2000))) return true;
  if (headers.get('x-ratelimit-remaining')?.trim() === '0') return true;
  return status === 403 && (headers.get('retry-after')?.trim() ?? '') !== '';
}

/**
 * A 429 is safe to retry for any method: Quaderno keeps no record of a rate-limited call
 * (docs/quaderno-api.md › Rate limit). Anything else is retried only when repeating it cannot do
 * harm: a POST that hit a 5xx, a drop or a timeout may have created the session already, so
 * it is never sent blindly again.
 */
export function isRetryable(method: string, failure: Failure): boolean {
  if (failure.kind === 'too_large' || failure.kind === 'closed') return false;
  if (failure.kind === 'status' && failure.status === 429) return true;
  if (!IDEMPOTENT.has(method.toUpperCase())) return false;
  if (failure.kind === 'status') return failure.status >= 500 && failure.status <= 599;
  return true;
}

/**
 * Which failures one call tries again. 'all': whatever isRetryable allows. 'answers': only what a
 * live Quaderno answered (5xx, 429); a connection error gets one more try at once (a keep-alive
 * socket the server had closed fails once) and a timeout none, for a caller with somewhere
 * better to go than a backoff (a link asked for while Quaderno is away is kept as a draft).
 * 'reach': as 'answers', and a timeout gets that one more try at once too, each try under the
 * client's own time limit: for a call whose one failure would read as an outage (the heartbeat
 * ping while online), which a dropped socket or a slow moment (a Wi-Fi hiccup, a pause at
 * Quaderno) must not turn into one; two failures in a row still do.
 * 'none': never (a connectivity probe while offline, whose next run is its retry).
 */
export type RetryScope = 'all' | 'answers' | 'reach' | 'none';

/** Whether `scope` lets a call try again after `failure` on its try number `tries` (0 first). */
export function inRetryScope(scope: RetryScope, failure: Failure, tries: number): boolean {
  if (scope === 'all') return true;
  if (scope === 'none') return false;
  if (failure.kind === 'status') return true;
  if (tries !== 0) return false;
  return failure.kind === 'network' || (scope === 'reach' && failure.kind === 'timeout');
}

/**
 * A retry a scope allows without waiting: a fresh connection, not a busy server; after a timeout
 * the time limit was the wait.
 */
export function retriesAtOnce(scope: RetryScope, failure: Failure): boolean {
  return scope !== 'all' && (failure.kind === 'network' || failure.kind === 'timeout');
}

/** Exponential backoff with full jitter: a random wait in [0, min(max, base·2^attempt)). */
export function backoffDelayMs(attempt: number, random: () => number, backoff: Backoff): number {
  const ceiling = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.max(0, attempt));
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.floor(r * ceiling);
}

export interface DelayInput {
  failure: Failure;
  /** 0 for the first retry. */
  attempt: number;
  random: () => number;
  backoff: Backoff;
  /** What the server asked for (Retry-After, X-RateLimit-Reset, or a reset remembered from an earlier answer). */
  serverWaitMs: number | undefined;
  /** The account's rate window, used when a 429 comes without any hint. */
  rateWindowMs: number;
}

/**
 * A server hint is honoured as given, plus a little jitter so clients sharing an account do
 * not all return at the same instant. A bare 429 waits in steps sized to the rate window with
 * equal jitter, so a handful of retries always outlasts one window; other failures use plain
 * full-jitter backoff.
 */
export function retryDelayMs(input: DelayInput): number {
  const r = Math.min(Math.max(input.random(), 0), 1);
  if (input.serverWaitMs !== undefined) return Math.ceil(input.serverWaitMs) + Math.floor(r * 250);
  const { failure, attempt, backoff } = input;
  if (failure.kind === 'status' && failure.status === 429) {
    const step = Math.max(backoff.baseMs, input.rateWindowMs / 4);
    const ceiling = Math.min(Math.max(backoff.maxMs, input.rateWindowMs), step * 2 ** attempt);
    return Math.floor(ceiling / 2 + (r * ceiling) / 2);
  }
  return backoffDelayMs(attempt, () => r, backoff);
}
