// Ctrl+C and SIGTERM for the CLI. Once handlers are installed Node no longer stops on these
// signals by itself, so every command must end on the first one: `listen`, `sandbox` and
// `demo` wait for it as their normal end ("Stopped.", exit 0), every other command is cut
// short with 130 / 143. A reader that closed stdout (`| head`) stops a command quietly: it
// got what it wanted, so that end is 0 and prints nothing.
import { guardStdio, type Io } from './output';

export type StopSignal = 'SIGINT' | 'SIGTERM' | 'SIGPIPE';

/** 128 + the signal's number, as shells report a command a signal ended; 0 for a closed reader. */
export const SIGNAL_EXIT_CODE: Record<StopSignal, number> = {
  SIGINT: 130,
  SIGTERM: 143,
  SIGPIPE: 0,
};

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
  let onPipe = () => {};
  const stopped = new Promise<StopSignal>((resolve) => {
    onInt = () => resolve('SIGINT');
    onTerm = () => resolve('SIGTERM');
    onPipe = () => resolve('SIGPIPE');
  });
  // `once`: a second Ctrl+C while the command cleans up finds no handler and kills at once.
  process.once('SIGINT', onInt);
  process.once('SIGTERM', onTerm);
  const offPipe = guardStdio(onPipe);
  return {
    stopped,
    dispose() {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      offPipe();
    },
  };
}

/**
 * The end of a command that runs until stopped: "Stopped." and 0 once the signal came (its
 * normal end), its own code otherwise (e.g. 1 when it could not start).
 */
export async function endedByStop(
  code: number,
  stopped: Promise<StopSignal>,
  io: Io,
): Promise<number> {
  if (code !== 0) return code;
  if ((await stopped) !== 'SIGPIPE') io.err('Stopped.');
  return 0;
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
