import { Component, use, type ComponentType, type ReactNode } from 'react';

export interface LazyComponent<P extends object> {
  /** Renders at once when the code is in; otherwise suspends to the nearest Suspense. */
  Component: ComponentType<P>;
  /** Fetches the code without showing it, so opening it later does not wait. */
  preload(): Promise<unknown>;
}

// A failed load stays failed until someone asks to try again: were it fetched again by the next
// render, React's retry of the failed render would suspend on the new fetch, never reach the
// error boundary, and fetch the chunk again and again.
const forgetFailures = new Set<() => void>();

/** Lets every chunk that failed to load be fetched again by its next render. */
export function forgetFailedLoads(): void {
  for (const forget of forgetFailures) forget();
  forgetFailures.clear();
}

/**
 * A component whose code is a separate chunk. Unlike React.lazy, a component preloaded before
 * its first render renders in the same commit (no fallback flash when switching screens), and a
 * chunk that failed to load can be fetched again (ChunkBoundary's Try again) instead of failing
 * for good.
 */
export function lazyComponent<P extends object>(
  load: () => Promise<ComponentType<P>>,
): LazyComponent<P> {
  let loaded: ComponentType<P> | undefined;
  let pending: Promise<ComponentType<P>> | undefined;
  const preload = (): Promise<ComponentType<P>> =>
    (pending ??= load().then(
      (component) => (loaded = component),
      (error: unknown) => {
        forgetFailures.add(() => {
          pending = undefined;
        });
        throw error;
      },
    ));
  function Lazy(props: P) {
    const Loaded = loaded ?? use(preload());
    return <Loaded {...props} />;
  }
  return { Component: Lazy, preload };
}

interface ChunkBoundaryProps {
  children: ReactNode;
  /** What stands in for the part that could not load; `retry` renders it again. */
  failed(retry: () => void): ReactNode;
}

/**
 * Catches a chunk that could not be loaded (its file replaced by an update while the window was
 * open), so one screen says so instead of the whole window going blank.
 */
export class ChunkBoundary extends Component<ChunkBoundaryProps, { error: boolean }> {
  override state = { error: false };

  static getDerivedStateFromError(): { error: boolean } {
    return { error: true };
  }

  override render(): ReactNode {
    if (!this.state.error) return this.props.children;
    return this.props.failed(() => {
      forgetFailedLoads();
      this.setState({ error: false });
    });
  }
}
