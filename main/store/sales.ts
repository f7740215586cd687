// Sales per currency from the quarter-hour aggregates (fulfillment_quarters, kept by triggers in
// schema 2): at most 30 × 96 rows per currency are read, whatever the number of sales.
// Amounts are net revenue: what was refunded of the sales (schema 20) is taken off, and said.
import type { Database } from 'better-sqlite3';
import { z } from 'zod';

/** Quarter hours (unix seconds / 900) where each window starts. */
export interface QuarterWindows {
  today: number;
  week: number;
  month: number;
}

const windowTotalsRow = z.object({
  currency: z.string(),
  todayAmount: z.number(),
  todayCount: z.number(),
  todayRefunded: z.number(),
  weekAmount: z.number(),
  weekCount: z.number(),
  weekRefunded: z.number(),
  monthAmount: z.number(),
  monthCount: z.number(),
  monthRefunded: z.number(),
});
export type WindowTotals = z.infer<typeof windowTotalsRow>;

const dayTotalsRow = z.object({
  day: z.number(),
  currency: z.string(),
  amount: z.number(),
  refunded: z.number(),
  n: z.number(),
});
/** `day`: whole local days since the epoch; `n`: the number of sales. */
export type DayTotals = z.infer<typeof dayTotalsRow>;

export interface SalesRepo {
  /** Per currency, net amount, refunded amount and count since each window's start. */
  windowTotals(accountId: number, from: QuarterWindows): WindowTotals[];
  /** Per local day and currency from quarter `fromQuarter` on; days without sales are absent. */
  dailyTotals(accountId: number, fromQuarter: number, utcOffsetSeconds: number): DayTotals[];
  /** Per currency, amount and count in quarters [fromQuarter, toQuarter); none: absent. */
  rangeTotals(accountId: number, fromQuarter: number, toQuarter: number): RangeTotals[];
}

const rangeTotalsRow = z.object({
  currency: z.string(),
  amount: z.number(),
  refunded: z.number(),
  n: z.number(),
});
export type RangeTotals = z.infer<typeof rangeTotalsRow>;

export function createSalesRepo(db: Database): SalesRepo {
  const windows = db.prepare(
    `SELECT currency,
       total(CASE WHEN quarter >= :today THEN amount - refunded END) AS todayAmount,
       coalesce(sum(CASE WHEN quarter >= :today THEN count END), 0) AS todayCount,
       total(CASE WHEN quarter >= :today THEN refunded END) AS todayRefunded,
       total(CASE WHEN quarter >= :week THEN amount - refunded END) AS weekAmount,
       coalesce(sum(CASE WHEN quarter >= :week THEN count END), 0) AS weekCount,
       total(CASE WHEN quarter >= :week THEN refunded END) AS weekRefunded,
       total(amount - refunded) AS monthAmount, sum(count) AS monthCount,
       total(refunded) AS monthRefunded
     FROM fulfillment_quarters WHERE account_id = :accountId AND quarter >= :month
     GROUP BY currency`,
  );
  // A quarter's local day: shift by the offset, then whole days since the epoch (integer
  // division: better-sqlite3 binds JS numbers as REAL, hence the CAST).
  const days = db.prepare(
    `SELECT (quarter * 900 + CAST(:offsetSeconds AS INTEGER)) / 86400 AS day, currency,
       total(amount - refunded) AS amount, total(refunded) AS refunded, sum(count) AS n
     FROM fulfillment_quarters WHERE account_id = :accountId AND quarter >= :from
     GROUP BY day, currency HAVING n > 0`,
  );
  const range = db.prepare(
    `SELECT currency, total(amount - refunded) AS amount, total(refunded) AS refunded,
       sum(count) AS n
     FROM fulfillment_quarters
     WHERE account_id = :accountId AND quarter >= :from AND quarter < :to
     GROUP BY currency HAVING n > 0`,
  );
  return {
    windowTotals: (accountId, from) =>
      windows.all({ accountId, ...from }).map((r) => windowTotalsRow.parse(r)),
    dailyTotals: (accountId, fromQuarter, utcOffsetSeconds) =>
      days
        .all({ accountId, from: fromQuarter, offsetSeconds: utcOffsetSeconds })
        .map((r) => dayTotalsRow.parse(r)),
    rangeTotals: (accountId, fromQuarter, toQuarter) =>
      range
        .all({ accountId, from: fromQuarter, to: toQuarter })
        .map((r) => rangeTotalsRow.parse(r)),
  };
}
