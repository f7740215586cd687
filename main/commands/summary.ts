// `summary [--day YYYY-MM-DD] [--json]`: one day's sales as the daily summary notification says
// them, for a merchant who reads the desk from a terminal or a morning cron mail.
import { localTimeZone, type DaySummary } from '../../preload/contract';
import { formatMoney } from '../../preload/money';
import type { CheckoutConsole } from '../console';
import { calendarDay } from './calendar-day';
import { type Io, table, UsageError, valueOf } from './output';

export interface SummaryFlags {
  day?: string;
  json?: boolean;
  utc?: boolean;
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The day asked for (yesterday by default) and the offset of its local noon: a day with a
 * daylight-saving change is read with the offset most of its hours have.
 */
function dayAndOffset(flags: SummaryFlags): { day: string; utcOffsetMinutes: number } {
  const now = new Date();
  if (flags.day === undefined) {
    const y = flags.utc
      ? new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - 1))
      : new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1, 12);
    const day = flags.utc
      ? y.toISOString().slice(0, 10)
      : `${y.getFullYear()}-${pad(y.getMonth() + 1)}-${pad(y.getDate())}`;
    return { day, utcOffsetMinutes: flags.utc ? 0 : -y.getTimezoneOffset() };
  }
  const day = calendarDay(flags.day);
  if (!day) {
    throw new UsageError(`--day needs a day as YYYY-MM-DD, not ${JSON.stringify(flags.day)}.`);
  }
  const noon = new Date(day.year, day.month, day.day, 12);
  return { day: flags.day, utcOffsetMinutes: flags.utc ? 0 : -noon.getTimezoneOffset() };
}

function offsetText(minutes: number): string {
  if (minutes === 0) return 'UTC';
  const sign = minutes < 0 ? '-' : '+';
  return `${sign}${pad(Math.floor(Math.abs(minutes) / 60))}:${pad(Math.abs(minutes) % 60)}`;
}

/** The lines `summary` prints: a heading, one row per currency, what is left to deliver. */
export function summaryLines(s: DaySummary, utcOffsetMinutes: number): string[] {
  const sales = (n: number) => `${n} ${n === 1 ? 'sale' : 'sales'}`;
  const lines = [`${s.day} (${offsetText(utcOffsetMinutes)}): ${sales(s.count)}`];
  if (s.count > 0) {
    const rows = [
      ['CURRENCY', 'REVENUE', 'SALES', 'TOP PRODUCT (BY REVENUE)'],
      ...s.totals.map((t) => {
        const top = s.topProducts.find((p) => p.currency === t.currency);
        return [
          t.currency,
          t.refunded
            ? `${formatMoney(t.amount, t.currency)} (${formatMoney(t.refunded, t.currency)} refunded)`
            : formatMoney(t.amount, t.currency),
          String(t.count),
          top
            ? `${top.name ?? top.code}: ${formatMoney(top.amount, top.currency)}, ${top.quantity} sold`
            : '',
        ];
      }),
    ];
    lines.push(...table(rows));
  }
  lines.push(
    s.undelivered === 0
      ? 'Nothing left to deliver.'
      : `${sales(s.undelivered)} to deliver, from any day (\`checkout-console fulfillments --status new\`).`,
  );
  return lines;
}

export async function runSummary(cc: CheckoutConsole, flags: SummaryFlags, io: Io) {
  const { day, utcOffsetMinutes } = dayAndOffset(flags);
  // Local days run between their own midnights, also the 23- or 25-hour day of a clock change.
  const input = { day, utcOffsetMinutes, ...(flags.utc ? {} : localTimeZone()) };
  const summary = valueOf(await cc.call('fulfillments.summary', input));
  if (flags.json) return io.out(JSON.stringify(summary));
  for (const line of summaryLines(summary, utcOffsetMinutes)) io.out(line);
}
