// When a failed delivery tries again: soon at first (a blip, a restarting endpoint), then ever
// more patiently, so an endpoint down for a day is not hammered and a job still gets its eight
// tries over about a day. Jitter spreads jobs that failed together (an endpoint down for many
// sales) so they do not all come back at the same second.

/** Waits after the 1st, 2nd, … failed try; the last one repeats. */
export const RETRY_DELAYS_MS: readonly number[] = [
  10_000,
  30_000,
  2 * 60_000,
  10 * 60_000,
  30 * 60_000,
  60 * 60_000,
  2 * 60 * 60_000,
  4 * 60 * 60_000,
];

/** ± this share of the wait. */
const JITTER = 0.2;

/**
 * How long to wait after the `attempts`-th try failed (1 for the first try). `random` is
 * Math.random by default; tests hand in a fixed one.
 */
export function retryDelayMs(
  attempts: number,
  delays: readonly number[] = RETRY_DELAYS_MS,
  random: () => number = Math.random,
): number {
  const base = delays[Math.min(Math.max(attempts, 1), delays.length) - 1] ?? 0;
  return Math.round(base * (1 - JITTER + 2 * JITTER * random()));
}

/** "10 s", "2 min", "1 h": how a wait reads in an Activity line. */
export function waitWords(ms: number): string {
  const s = Math.max(1, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const min = Math.round(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.round(min / 6) / 10;
  return `${h} h`;
}
