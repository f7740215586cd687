// Client-side pacing: Quaderno allows 100 calls per 15 s per account (docs/quaderno-api.md › Rate
// limit). Every client for the same account in this process shares one sliding window, so
// links, sync and webhooks together stay under the limit instead of each on its own.
import { createHash } from 'node:crypto';

export interface RateLimit {
  limit: number;
  windowMs: number;
}

export interface Clock {
  now(): number;
  /** May end early once `signal` aborts; callers go through `sleepUnlessClosed`. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Thrown by a wait that shutdown, or the call's own signal, cut short. */
export class ClientClosed extends Error {
  constructor() {
    super('The Quaderno client was closed.');
  }
}

/** Sleeps, but rejects with ClientClosed the moment `signal` aborts, whatever the clock does. */
export function sleepUnlessClosed(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  if (!signal) return clock.sleep(ms);
  if (signal.aborted) return Promise.reject(new ClientClosed());
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => reject(new ClientClosed());
    signal.addEventListener('abort', onAbort, { once: true });
    clock.sleep(ms, signal).then(
      () => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

/** The server asked every caller to hold off: until when (epoch ms), and what it asked for. */
export interface Pause {
  until: number;
  askedMs: number;
}

export interface AcquireBound {
  /** A pause with longer than this left is returned at once instead of waited out. */
  maxWaitMs?: number;
  signal?: AbortSignal;
}

export interface Limiter {
  readonly config: RateLimit;
  /**
   * Resolves with null when a call may be sent, and counts it; resolves with the pause instead
   * when the server's pause outlasts `maxWaitMs`, so the caller can fail fast. Rejects with
   * ClientClosed when `signal` aborts.
   */
  acquire(clock: Clock, bound?: AcquireBound): Promise<Pause | null>;
  /** Holds every call until `at` (epoch ms): the server said the window is spent. */
  pauseUntil(at: number, askedMs: number): void;
  /** The pause every caller of this limiter is under, if it has not ended by `now`. */
  pausedAt(now: number): Pause | null;
}

export const DEFAULT_RATE_LIMIT: RateLimit = { limit: 100, windowMs: 15_000 };

export function createLimiter(config: RateLimit): Limiter {
  if (!(config.limit >= 1) || !(config.windowMs > 0)) {
    throw new RangeError('rateLimit needs limit >= 1 and windowMs > 0');
  }
  const sent: number[] = [];
  let pause: Pause = { until: 0, askedMs: 0 };
  const pausedAt = (now: number) => (pause.until > now ? pause : null);
  return {
    config,
    pausedAt,
    async acquire(clock, bound = {}) {
      const maxWaitMs = bound.maxWaitMs ?? Infinity;
      // Each turn sleeps at most one window or one bounded pause; shutdown ends it at once.
      for (;;) {
        const now = clock.now();
        const paused = pausedAt(now);
        if (paused) {
          if (paused.until - now > maxWaitMs) return paused;
          await sleepUnlessClosed(clock, paused.until - now, bound.signal);
          continue;
        }
        while (sent.length > 0 && (sent[0] ?? 0) <= now - config.windowMs) sent.shift();
        // Checked and counted in one synchronous step, so concurrent callers never overshoot.
        if (sent.length < config.limit) {
          sent.push(now);
          return null;
        }
        await sleepUnlessClosed(clock, (sent[0] ?? now) + config.windowMs - now, bound.signal);
      }
    },
    pauseUntil(at, askedMs) {
      if (at > pause.until) pause = { until: at, askedMs };
    },
  };
}

const registry = new Map<string, Limiter>();

/**
 * One limiter per apiUrl + key in the process. The key is hashed so it is never held as a map
 * key. The first client's configuration wins for everyone sharing it.
 */
export function sharedLimiter(apiUrl: string, apiKey: string, config: RateLimit): Limiter {
  const id = `${apiUrl} ${createHash('sha256').update(apiKey).digest('hex')}`;
  let limiter = registry.get(id);
  if (!limiter) {
    limiter = createLimiter(config);
    registry.set(id, limiter);
  }
  return limiter;
}

function seconds(value: string | null): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const n = Number(value.trim());
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** X-RateLimit-Reset is "seconds until the window resets"; an epoch value is tolerated too. */
export function resetDelayMs(headers: Headers, now: number): number | undefined {
  const reset = seconds(headers.get('x-ratelimit-reset'));
  if (reset === undefined) return undefined;
  if (reset > 1e9) return Math.max(0, reset * 1000 - now);
  return reset * 1000;
}

/** Retry-After is either seconds or an HTTP date. */
export function retryAfterMs(headers: Headers, now: number): number | undefined {
  const raw = headers.get('retry-after');
  if (raw === null) return undefined;
  const asSeconds = seconds(raw);
  if (asSeconds !== undefined) return asSeconds * 1000;
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** How long the server asked us to wait, if it said so; the longer of the two hints wins. */
export function serverWaitMs(headers: Headers, now: number): number | undefined {
  const hints = [resetDelayMs(headers, now), retryAfterMs(headers, now)].filter(
    (v): v is number => v !== undefined,
  );
  return hints.length > 0 ? Math.max(...hints) : undefined;
}

/** True when a successful response says the window is spent (X-RateLimit-Remaining: 0). */
export function windowSpent(headers: Headers): boolean {
  return seconds(headers.get('x-ratelimit-remaining')) === 0;
}
