import { describe, expect, it } from 'vitest';
import { RETRY_DELAYS_MS, retryDelayMs, waitWords } from '../../../main/delivery/backoff';

describe('delivery backoff', () => {
  it('waits 10 s after the first failure, then ever longer, and repeats the last wait', () => {
    const middle = () => 0.5;
    expect([1, 2, 3, 4, 8, 9, 20].map((n) => retryDelayMs(n, RETRY_DELAYS_MS, middle))).toEqual([
      10_000, 30_000, 120_000, 600_000, 14_400_000, 14_400_000, 14_400_000,
    ]);
  });

  it('spreads a wait by at most a fifth either way', () => {
    expect(retryDelayMs(2, RETRY_DELAYS_MS, () => 0)).toBe(24_000);
    expect(retryDelayMs(2, RETRY_DELAYS_MS, () => 1)).toBe(36_000);
  });

  it('reads a wait as a merchant would', () => {
    expect([400, 10_000, 59_000, 120_000, 3_600_000, 5_400_000].map(waitWords)).toEqual([
      '1 s',
      '10 s',
      '59 s',
      '2 min',
      '1 h',
      '1.5 h',
    ]);
  });
});
