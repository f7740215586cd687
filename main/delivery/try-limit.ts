// One try's time bound: the action gets a signal aborted when its time is up or the worker
// stops, and the worker stops waiting for an action that ignores the signal.
import { waitWords } from './backoff';
import { DeliveryFailure } from './types';

/** How long an aborted action gets to end before the worker stops waiting for it. */
const ABANDON_MS = 1_000;
/** The most an action may ask for instead: under the worker's 5 s stop grace (stopGraceMs). */
const MAX_ENDING_MS = 4_500;

const endingTimes = new WeakMap<AbortSignal, number>();

/**
 * An action that takes longer than ABANDON_MS to end once `signal` aborts says so here (a
 * command: SIGTERM, the grace, SIGKILL, its process group gone), so the worker does not release
 * its job while it still runs. At most MAX_ENDING_MS; only that action's stop waits longer.
 */
export function takesToEnd(signal: AbortSignal, ms: number): void {
  endingTimes.set(signal, Math.min(MAX_ENDING_MS, ms));
}

/** The worker stopped before the action began: nothing ran, so the try does not count. */
export class TryNotStarted extends Error {
  constructor() {
    super('Checkout Console stopped before the try began');
  }
}

/**
 * Runs `fn` with a signal aborted at `limitMs` or when `stop` aborts. An action that ignores its
 * signal is left behind ABANDON_MS later (or what it asked for with takesToEnd), so it cannot
 * hold a slot (or stop()) for ever.
 */
export async function withinLimit(
  limitMs: number,
  stop: AbortSignal,
  fn: (signal: AbortSignal) => Promise<void>,
): Promise<void> {
  // A listener added to an aborted signal never runs: the action would get a live signal.
  if (stop.aborted) throw new TryNotStarted();
  const abort = new AbortController();
  const tooLate = new DeliveryFailure(`it did not finish within ${waitWords(limitMs)}`);
  let giveUp: NodeJS.Timeout | undefined;
  const abandoned = new Promise<never>((_, reject) => {
    abort.signal.addEventListener('abort', () => {
      const ms = Math.max(ABANDON_MS, endingTimes.get(abort.signal) ?? 0);
      giveUp = setTimeout(() => reject(abort.signal.reason), ms);
    });
  });
  abandoned.catch(() => undefined);
  const onStop = () => abort.abort(stop.reason);
  stop.addEventListener('abort', onStop);
  const timer = setTimeout(() => abort.abort(tooLate), limitMs);
  try {
    await Promise.race([fn(abort.signal), abandoned]);
  } catch (e) {
    // Whatever the action made of its aborted signal ("This operation was aborted", "stopped
    // before it answered"), the limit is what ended the try.
    if (abort.signal.reason === tooLate) throw tooLate;
    throw e;
  } finally {
    clearTimeout(timer);
    clearTimeout(giveUp);
    stop.removeEventListener('abort', onStop);
  }
}
