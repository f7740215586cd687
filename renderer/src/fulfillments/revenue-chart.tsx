import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { SalesChart } from '../../../preload/contract';
import { currencyDigits, formatMoney } from '../../../preload/money';

const palette = ['#2f5bd3', '#12b76a', '#f79009', '#7a5af8', '#ee46bc', '#667085'];

/** One bar series per currency: amounts in different currencies are never added together. */
export function RevenueChart({ chart }: { chart: SalesChart }) {
  if (chart.currencies.length === 0) {
    return <p className="muted chart-empty">No sales in the last 30 days.</p>;
  }
  const data = chart.days.map((d) => {
    const row: Record<string, number | string> = { date: d.date };
    for (const c of chart.currencies) row[c] = (d.amounts[c] ?? 0) / 10 ** currencyDigits(c);
    return row;
  });
  const single = chart.currencies.length === 1 ? chart.currencies[0] : undefined;
  return (
    <div className="chart" role="img" aria-label={describe(chart)}>
      <ResponsiveContainer width="100%" height={150}>
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid vertical={false} stroke="#eef1f5" />
          <XAxis dataKey="date" tickFormatter={dayTick} tick={{ fontSize: 11 }} minTickGap={16} />
          <YAxis
            width={56}
            tick={{ fontSize: 11 }}
            tickFormatter={(v: number) => (single ? compactMoney(v, single) : String(v))}
          />
          <Tooltip
            formatter={(value, name) => {
              const currency = String(name);
              const amount = typeof value === 'number' ? value : Number(value);
              return [
                formatMoney(Math.round(amount * 10 ** currencyDigits(currency)), currency),
                currency,
              ];
            }}
            labelFormatter={(label) => dayLabel(String(label))}
          />
          {chart.currencies.map((c, i) => (
            <Bar
              key={c}
              dataKey={c}
              name={c}
              fill={palette[i % palette.length]}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

function dayTick(date: string): string {
  const [, m, d] = date.split('-');
  return `${Number(d)}/${Number(m)}`;
}

function dayLabel(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d).toLocaleDateString(undefined, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
  });
}

function compactMoney(value: number, currency: string): string {
  return new Intl.NumberFormat(undefined, {
    style: 'currency',
    currency,
    notation: 'compact',
    maximumFractionDigits: 1,
  }).format(value);
}

/** What the chart shows, for screen readers: the total per currency over the 30 days. */
function describe(chart: SalesChart): string {
  const sums = chart.currencies.map((c) =>
    formatMoney(
      chart.days.reduce((sum, d) => sum + (d.amounts[c] ?? 0), 0),
      c,
    ),
  );
  return `Revenue per day for the last 30 days: ${sums.join(', ')} in total.`;
}
