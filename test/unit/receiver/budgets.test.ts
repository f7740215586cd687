import { describe, expect, it } from 'vitest';
import { createRateBudget, DEFAULT_CONFIRMS_PER_MINUTE } from '../../../main/receiver/budgets';

describe('confirmation budget', () => {
  it('never lets more than a tenth of the 100-per-15-s API limit through in any 15 s, even around a minute boundary', () => {
    let now = 0;
    const budget = createRateBudget(DEFAULT_CONFIRMS_PER_MINUTE, () => now);
    const spentAt: number[] = [];
    // One forged delivery, a quiet minute, then a flood: one attempt every 100 ms for four
    // minutes, starting just before the first spend's minute is over.
    if (budget.take(1)) spentAt.push(now);
    for (now = 59_000; now < 300_000; now += 100) if (budget.take(1)) spentAt.push(now);
    const worst15s = Math.max(
      ...spentAt.map((t) => spentAt.filter((u) => u >= t && u < t + 15_000).length),
    );
    expect(worst15s).toBeLessThanOrEqual(10);
    // Still a steady trickle: the budget renews as old spends leave the window.
    expect(spentAt.length).toBeGreaterThanOrEqual(4 * DEFAULT_CONFIRMS_PER_MINUTE);
  });

  it('keeps each account to its own budget', () => {
    const budget = createRateBudget(2, () => 0);
    expect([budget.take(1), budget.take(1), budget.take(1)]).toEqual([true, true, false]);
    expect(budget.take(2)).toBe(true);
  });
});
