// Bounds on what unsigned or hostile traffic may cost: memory for bodies being read, and API
// calls to confirm badly signed events.

/** Bytes of request bodies held at once across all requests. */
export const DEFAULT_IN_FLIGHT_BYTES = 64 * 1024 * 1024;
/** Confirmation look-ups per account per minute. */
export const DEFAULT_CONFIRMS_PER_MINUTE = 10;
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
  /** True if `key` may spend one more this minute. */
  take(key: number): boolean;
}

export function createRateBudget(perMinute: number, clock = () => performance.now()): RateBudget {
  const windows = new Map<number, { start: number; used: number }>();
  return {
    take(key) {
      const t = clock();
      let w = windows.get(key);
      if (!w || t - w.start >= 60_000) {
        // One window per account; stale ones go when the map is swept, so it stays small.
        if (windows.size > 1000) windows.clear();
        windows.set(key, (w = { start: t, used: 0 }));
      }
      if (w.used >= perMinute) return false;
      w.used += 1;
      return true;
    },
  };
}
