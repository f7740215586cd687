/** A task run one at a time, however often it is asked for. */
export interface Coalesced {
  /** Runs the task, or once more after the run on its way when there is one. */
  request(): void;
  /** Resolves when the run on its way (if any) has ended: not every run asked for since. */
  settled(): Promise<void>;
}

/**
 * Requests while a run is on its way ask for one more run after it, not one each: changes come
 * 100-200 a second while the outbox drains, and each run reads from main. `stillWanted` ends the
 * repeats once the task belongs to something gone (another query).
 */
export function coalesce(task: () => Promise<void>, stillWanted = () => true): Coalesced {
  let inFlight = false;
  let again = false;
  let waiting: Array<() => void> = [];
  const ended = () => {
    const done = waiting;
    waiting = [];
    for (const resolve of done) resolve();
  };
  return {
    request() {
      if (inFlight) {
        again = true;
        return;
      }
      inFlight = true;
      void (async () => {
        do {
          again = false;
          await task().catch(() => undefined);
          ended();
        } while (again && stillWanted());
        inFlight = false;
      })();
    },
    settled: () =>
      inFlight ? new Promise<void>((resolve) => waiting.push(resolve)) : Promise.resolve(),
  };
}
