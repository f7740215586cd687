// Bounds on what unsigned or hostile traffic may cost: memory for bodies being read, and API
// calls to confirm badly signed events.

/** Bytes of request bodies held at once across all requests. */
export const DEFAULT_IN_FLIGHT_BYTES = 64 * 1024 * 1024;
/**
 * Confirmation look-ups per account in any 60 s. Quaderno allows 100 calls per 15 s
 * (docs/quaderno-api.md, Rate limit); with a sliding window no 15 s holds more than these 10,
 * a tenth of the limit at most, whatever a forged flood does.
 */
export const DEFAULT_CONFIRMS_PER_MINUTE = 10;
const WINDOW_MS = 60_000;
/** A checkout event is a few KiB; a body declared larger than this is not a typical delivery. */
const TYPICAL_DELIVERY_BYTES = 64 * 1024;

export interface ByteBudget {
  /**
   * Reserves `bytes` for one request's body, or refuses. Signed bodies of a typical size may
   * use the whole budget; unsigned or large ones only half, so a flood of them cannot crowd
   * out real deliveries (a refused real one is retried by Quaderno, but only once).
   */
  reserve(bytes: number, signed: boolean): boolean;
  release(bytes: number): void;
}

export function createByteBudget(total: number): ByteBudget {
  let used = 0;
  return {
    reserve(bytes, signed) {
      const share = signed && bytes <= TYPICAL_DELIVERY_BYTES ? total : total / 2;
      if (used + bytes > share) return false;
      used += bytes;
      return true;
    },
    release(bytes) {
      used = Math.max(0, used - bytes);
    },
  };
}

export interface RateBudget {
  /** True if `key` may spend one more: fewer than `perMinute` in the last 60 s. */
  take(key: number): boolean;
}

export function createRateBudget(perMinute: number, clock = () => performance.now()): RateBudget {
  // A fixed window let 2× the budget through around its edge; the times of the last
  // `perMinute` spends per account are kept instead (oldest first).
  const spent = new Map<number, number[]>();
  return {
    take(key) {
      const t = clock();
      let times = spent.get(key);
      if (!times) {
        // Stale accounts go when the map is swept, so it stays small.
        if (spent.size > 1000) spent.clear();
        spent.set(key, (times = []));
      }
      while (times.length > 0 && t - times[0]! >= WINDOW_MS) times.shift();
      if (times.length >= perMinute) return false;
      times.push(t);
      return true;
    },
  };
}
