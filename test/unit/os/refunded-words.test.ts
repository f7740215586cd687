// Net revenue says what was refunded beside it: the tray's today line, the daily summary
// notification and `checkout-console summary` (review helper-205).
import { describe, expect, it } from 'vitest';
import { summaryLines } from '../../../main/commands/summary';
import { initialTrayState, summaryNotificationText, trayMenu } from '../../../main/os';
import type { DaySummary } from '../../../preload/contract';

const day: DaySummary = {
  day: '2026-11-29',
  from: '2026-11-29T00:00:00.000Z',
  to: '2026-11-30T00:00:00.000Z',
  count: 2,
  totals: [{ currency: 'EUR', amount: 3700, count: 2, refunded: 500 }],
  topProducts: [],
  undelivered: 0,
};

describe('refunds beside net revenue', () => {
  it('says the refunded amount in the tray’s today line', () => {
    const menu = trayMenu({ ...initialTrayState, today: day.totals });
    expect(menu).toContainEqual({ kind: 'info', label: 'Today €37.00 (2 sales, €5.00 refunded)' });
  });

  it('says it in the daily summary notification and the summary command', () => {
    expect(summaryNotificationText(day).body).toBe(
      '€37.00 (€5.00 refunded). Nothing left to deliver.',
    );
    expect(summaryLines(day, 0).join('\n')).toContain('€37.00 (€5.00 refunded)');
  });
});
