// Ctrl+C and SIGTERM for the CLI. Once handlers are installed Node no longer stops on these
// signals by itself, so every command must end on the first one: `listen` and `sandbox` wait
// for it as their normal end, every other command is cut short with 130 / 143.

export type StopSignal = 'SIGINT' | 'SIGTERM';

/** 128 + the signal's number, as shells report a command a signal ended. */
export const SIGNAL_EXIT_CODE: Record<StopSignal, number> = { SIGINT: 130, SIGTERM: 143 };

export class Stopped extends Error {
  constructor(readonly signal: StopSignal) {
    super('Stopped.');
  }
}

export interface SignalWatch {
  /** Settles with the first SIGINT or SIGTERM; never rejects. */
  readonly stopped: Promise<StopSignal>;
  /** Takes the handlers away: a later signal kills the process as usual. */
  dispose(): void;
}

export function watchSignals(): SignalWatch {
  let onInt = () => {};
  let onTerm = () => {};
  const stopped = new Promise<StopSignal>((resolve) => {
    onInt = () => resolve('SIGINT');
    onTerm = () => resolve('SIGTERM');
  });
  // `once`: a second Ctrl+C while the command cleans up finds no handler and kills at once.
  process.once('SIGINT', onInt);
  process.once('SIGTERM', onTerm);
  return {
    stopped,
    dispose() {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
    },
  };
}

/** The work's outcome, or a Stopped rejection as soon as a signal comes first. */
export function unlessStopped<T>(work: Promise<T>, stopped: Promise<StopSignal>): Promise<T> {
  // Abandoned work that fails later (close() aborts its calls) is not an unhandled rejection.
  work.catch(() => undefined);
  return Promise.race([
    work,
    stopped.then((signal) => {
      throw new Stopped(signal);
    }),
  ]);
}

/** Clean-up after a signal gets a short bound: the merchant asked to stop now. */
export function withinMs(work: Promise<unknown>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    work.then(done, done);
  });
}
