import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { SalesChart } from '../../../preload/contract';
import { currencyDigits, formatMoney } from '../../../preload/money';
import { dayLabel, weekdayLabel } from '../dates';

/**
 * Revenue per day in one currency: amounts in different currencies are never
 * added together or drawn on one axis (¥1,000 would dwarf €1,000).
 */
export function RevenueChart({ chart, currency }: { chart: SalesChart; currency: string }) {
  const digits = currencyDigits(currency);
  const data = chart.days.map((d) => ({
    date: d.date,
    amount: (d.amounts[currency] ?? 0) / 10 ** digits,
  }));
  const total = chart.days.reduce((sum, d) => sum + (d.amounts[currency] ?? 0), 0);
  return (
    <div
      className="chart"
      role="img"
      aria-label={`Revenue per day for the last 30 days in ${currency}: ${formatMoney(total, currency)} in total.`}
    >
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid vertical={false} stroke="#eef1f5" />
          <XAxis dataKey="date" tickFormatter={dayLabel} tick={{ fontSize: 11 }} minTickGap={16} />
          <YAxis
            width={60}
            tick={{ fontSize: 11 }}
            tickFormatter={(v: number) => compactMoney(v, currency)}
          />
          <Tooltip
            formatter={(value) => [
              formatMoney(Math.round(Number(value) * 10 ** digits), currency),
              'Revenue',
            ]}
            labelFormatter={(label) => weekdayLabel(String(label))}
          />
          <Bar dataKey="amount" name={currency} fill="#2f5bd3" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

function compactMoney(value: number, currency: string): string {
  return new Intl.NumberFormat(undefined, {
    style: 'currency',
    currency,
    notation: 'compact',
    maximumFractionDigits: 1,
  }).format(value);
}
