// What a test started (sandboxes, scripted servers, consoles, child processes) is stopped after
// it, last started first, even when the test failed half-way: nothing outlives its test to hold
// a port or a data file the next one needs.
import { afterEach } from 'vitest';

export interface Cleanups {
  /** Runs `fn` after the current test. */
  defer(fn: () => unknown): void;
  /** Closes `thing` after the current test; returns it, so a test writes `closing(await start())`. */
  closing<T extends { close(): unknown }>(thing: T): T;
}

export function useCleanups(): Cleanups {
  const pending: Array<() => unknown> = [];
  afterEach(async () => {
    const failures: unknown[] = [];
    // Every cleanup runs even when one fails, and every failure is reported.
    for (const fn of pending.splice(0).reverse()) {
      try {
        await fn();
      } catch (e) {
        failures.push(e);
      }
    }
    if (failures.length === 1) throw failures[0];
    if (failures.length > 1)
      throw new AggregateError(failures, `${failures.length} cleanups failed`);
  });
  return {
    defer: (fn) => void pending.push(fn),
    closing(thing) {
      pending.push(() => thing.close());
      return thing;
    },
  };
}
