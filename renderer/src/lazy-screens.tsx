import { Suspense, useEffect, type ReactNode } from 'react';
import { ChunkBoundary, lazyComponent } from './components/lazy-component';
import { preloadRevenueChart } from './fulfillments/lazy-chart';
import { useAfterPaint } from './hooks/use-after-paint';

// The first screen (Links, or onboarding) is in the entry chunk; these are not, so the window
// paints without parsing the chart library and the settings forms (issue 16, "First paint").
export const FulfillmentsScreen = lazyComponent(() =>
  import('./fulfillments/fulfillments-screen').then((m) => m.FulfillmentsScreen),
);
export const ActivityScreen = lazyComponent(() =>
  import('./activity/activity-screen').then((m) => m.ActivityScreen),
);
export const SettingsScreen = lazyComponent(() =>
  import('./screens/settings-screen').then((m) => m.SettingsScreen),
);

const later = [
  FulfillmentsScreen.preload,
  ActivityScreen.preload,
  SettingsScreen.preload,
  preloadRevenueChart,
];

/**
 * Once the first screen is painted, fetches the other screens while the merchant reads it, so
 * going to one later shows it at once. Idle time first: the first screen's own work goes ahead.
 */
export function usePrefetchScreens(when: boolean): void {
  const painted = useAfterPaint(when);
  useEffect(() => {
    if (!painted) return;
    const fetchAll = () => {
      // A failure here is only a missed head start: the screen fetches again when opened.
      for (const preload of later) preload().catch(() => undefined);
    };
    if (typeof requestIdleCallback !== 'function') {
      fetchAll();
      return;
    }
    const idle = requestIdleCallback(fetchAll, { timeout: 1000 });
    return () => cancelIdleCallback(idle);
  }, [painted]);
}

/** Where a screen goes: while its code loads the frame stays and the content says so. */
export function ScreenSlot({ children }: { children: ReactNode }) {
  return (
    <ChunkBoundary
      failed={(retry) => (
        <div role="alert">
          <p className="notice notice-error">This screen could not be opened.</p>
          <button type="button" className="button" onClick={retry}>
            Try again
          </button>
        </div>
      )}
    >
      <Suspense
        fallback={
          <div aria-busy="true">
            <p className="muted">Loading…</p>
          </div>
        }
      >
        {children}
      </Suspense>
    </ChunkBoundary>
  );
}
