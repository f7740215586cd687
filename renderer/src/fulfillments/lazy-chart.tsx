import { Suspense, type ComponentProps } from 'react';
import { ChunkBoundary, lazyComponent } from '../components/lazy-component';
import type { RevenueChart as EagerChart } from './revenue-chart';

// recharts is most of the bundle: in its own chunk, the Fulfilments screen shows its rows
// without waiting to download and parse it (the chart is drawn after the rows anyway).
const chart = lazyComponent(() => import('./revenue-chart').then((m) => m.RevenueChart));

/** RevenueChart, its code fetched on first use; an empty box of the chart's size until then. */
export function RevenueChart(props: ComponentProps<typeof EagerChart>) {
  return (
    <ChunkBoundary
      failed={(retry) => (
        <p className="muted chart-empty">
          The chart could not be drawn.{' '}
          <button type="button" className="button button-small" onClick={retry}>
            Try again
          </button>
        </p>
      )}
    >
      <Suspense fallback={<div className="chart" aria-busy="true" />}>
        <chart.Component {...props} />
      </Suspense>
    </ChunkBoundary>
  );
}

/** Fetches the chart's code ahead of the screen that draws it. */
export const preloadRevenueChart = chart.preload;
