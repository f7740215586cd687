export interface BackoffOptions {
  /** First retry delay, default 1000 ms. */
  baseMs?: number;
  /** Cap, default 60 000 ms. */
  maxMs?: number;
}

/** Exponential with jitter (half fixed, half random) so many consoles do not retry in step. */
export function backoffDelay(attempt: number, o: BackoffOptions, random = Math.random): number {
  const base = o.baseMs ?? 1000;
  const cap = Math.min(o.maxMs ?? 60_000, base * 2 ** Math.min(attempt, 30));
  return Math.round(cap / 2 + (random() * cap) / 2);
}

/** Resolves after `ms`, or at once when the signal aborts or wake() is called. */
export function pausable(ms: number, signal: AbortSignal): { done: Promise<void>; wake(): void } {
  let wake = () => {};
  const done = new Promise<void>((resolve) => {
    const timer = setTimeout(finish, ms);
    function finish() {
      clearTimeout(timer);
      signal.removeEventListener('abort', finish);
      resolve();
    }
    wake = finish;
    signal.addEventListener('abort', finish, { once: true });
  });
  return { done, wake };
}
