import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../../main/tunnel/backoff';

describe('tunnel reconnect backoff', () => {
  it('doubles from the base up to the cap, with half of each delay random', () => {
    const o = { baseMs: 1000, maxMs: 60_000 };
    expect([0, 1, 2, 3].map((n) => backoffDelay(n, o, () => 1))).toEqual([1000, 2000, 4000, 8000]);
    expect([0, 1, 2, 3].map((n) => backoffDelay(n, o, () => 0))).toEqual([500, 1000, 2000, 4000]);
    expect(backoffDelay(40, o, () => 1)).toBe(60_000);
    expect(backoffDelay(40, o, () => 0)).toBe(30_000);
  });

  it('spreads consoles that fail at the same moment over different delays', () => {
    const delays = new Set(Array.from({ length: 20 }, () => backoffDelay(3, {})));
    expect(delays.size).toBeGreaterThan(1);
    for (const d of delays) {
      expect(d).toBeGreaterThanOrEqual(4000);
      expect(d).toBeLessThanOrEqual(8000);
    }
  });
});
