import { useEffect, useId, useState } from 'react';
import type { CurrencyTotal, SalesChart, SalesTotals } from '../../../preload/contract';
import { formatMoney } from '../../../preload/money';
import { ErrorNotice } from '../components/error-notice';
import { RevenueChart } from './lazy-chart';

interface SalesSummaryProps {
  totals: SalesTotals | undefined;
  chart: SalesChart | undefined;
  error: unknown;
  /** False holds the chart back (its first render blocks the page) until the list is painted. */
  drawChart: boolean;
}

const periods = [
  { key: 'today', label: 'Today' },
  { key: 'days7', label: 'Last 7 days' },
  { key: 'days30', label: 'Last 30 days' },
] as const;

// Below this width the totals and chart fold into one line, so a sale row is in view at once.
const NARROW = '(max-width: 1000px)';

/** Revenue today, in 7 and in 30 days (one line per currency), and 30 days as a chart. */
export function SalesSummary({ totals, chart, error, drawChart }: SalesSummaryProps) {
  const narrow = useMediaQuery(NARROW);
  const [unfolded, setUnfolded] = useState(false);
  const bodyId = useId();
  const folded = narrow && !unfolded;
  return (
    <section className="sales-summary" aria-label="Sales totals">
      <ErrorNotice error={error} />
      {narrow ? (
        <div className="totals-line">
          {folded ? (
            <span className="totals-line-text" title={oneLine(totals)}>
              {oneLine(totals)}
            </span>
          ) : null}
          <button
            type="button"
            className="button button-small button-quiet"
            aria-expanded={!folded}
            aria-controls={bodyId}
            onClick={() => setUnfolded((u) => !u)}
          >
            {folded ? 'Show totals' : 'Hide totals'}
          </button>
        </div>
      ) : null}
      {folded ? null : (
        <div className="sales-summary-body" id={bodyId}>
          <div className="totals">
            {periods.map((p) => (
              <div className="total-card" key={p.key} role="group" aria-label={p.label}>
                <span className="total-label">{p.label}</span>
                <TotalLines lines={totals?.[p.key]} />
              </div>
            ))}
          </div>
          <div className="chart-card">
            {chart && drawChart ? <ChartPanel chart={chart} /> : <p className="muted">Loading…</p>}
          </div>
        </div>
      )}
    </section>
  );
}

/** "Today €15.10 · Last 7 days €120.00 · Last 30 days €480.00, $12.00": the folded summary. */
function oneLine(totals: SalesTotals | undefined): string {
  if (!totals) return 'Loading totals…';
  return periods
    .map((p) => {
      const lines = totals[p.key];
      const money = lines.map((l) => formatMoney(l.amount, l.currency)).join(', ');
      return `${p.label} ${money || 'no sales'}`;
    })
    .join(' · ');
}

function useMediaQuery(query: string): boolean {
  const [matches, setMatches] = useState(() => window.matchMedia(query).matches);
  useEffect(() => {
    const list = window.matchMedia(query);
    const update = () => setMatches(list.matches);
    update();
    list.addEventListener('change', update);
    return () => list.removeEventListener('change', update);
  }, [query]);
  return matches;
}

function TotalLines({ lines }: { lines: CurrencyTotal[] | undefined }) {
  if (!lines) return <span className="total-value muted">…</span>;
  if (lines.length === 0) return <span className="total-value muted">No sales</span>;
  return (
    <ul className="total-lines">
      {lines.map((l) => (
        <li key={l.currency}>
          <span className="total-value">{formatMoney(l.amount, l.currency)}</span>{' '}
          <span className="total-count">
            {l.count} {l.count === 1 ? 'sale' : 'sales'}
            {l.refunded ? `, ${formatMoney(l.refunded, l.currency)} refunded` : ''}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** The chart for one currency at a time; the one with the most revenue first. */
function ChartPanel({ chart }: { chart: SalesChart }) {
  const [picked, setPicked] = useState<string | null>(null);
  const currency = picked && chart.currencies.includes(picked) ? picked : chart.currencies[0];
  return (
    <>
      <div className="chart-head">
        <span className="total-label">Revenue per day, last 30 days</span>
        {chart.currencies.length > 1 ? (
          <div className="chart-currencies" role="group" aria-label="Chart currency">
            {chart.currencies.map((c) => (
              <button
                key={c}
                type="button"
                className="button button-small"
                aria-pressed={c === currency}
                onClick={() => setPicked(c)}
              >
                {c}
              </button>
            ))}
          </div>
        ) : null}
      </div>
      {currency ? (
        <RevenueChart chart={chart} currency={currency} />
      ) : (
        <p className="muted chart-empty">No sales in the last 30 days.</p>
      )}
    </>
  );
}
