// Who may write next: the receiver's thread or its insert worker (writer.ts). Both hold the same
// SQLite file's one write lock in turn, and SQLite's busy handler on the receiver's connection
// sleeps 1, 2, 5, 10 … ms between tries: against a worker that starts its next transaction a
// few microseconds after each commit it lost for 98-312 ms at a time. This gate hands the turn
// over at once instead. The worker takes it around each transaction and, when this thread has
// asked, parks before its next one (a bounded while); this thread waits at most for the
// worker's transaction in progress (its insert and its synced commit), or only tries (a
// processing turn, which comes back when the worker answers).
// The state is an Int32Array over a SharedArrayBuffer: [HOLDER, WANTED].

export const HOLDER = 0;
export const WANTED = 1;
export const FREE = 0;
export const BY_WORKER = 1;
export const BY_MAIN = 2;

/** How long either side waits for the other at most, as SQLite's busy_timeout on both. */
export const GATE_WAIT_MS = 5000;
/**
 * How long the worker stays parked for this thread at most: about the time this thread takes
 * to read the worker's answer and come to its turn. Past it the worker goes on, and this thread's
 * next try waits for that one transaction instead (`enter`).
 */
export const PARK_MS = 5;

export interface WriteGate {
  /**
   * Takes the write turn, waiting (this thread blocks) for the worker's transaction in progress;
   * re-entrant. After GATE_WAIT_MS it goes on without it (SQLite's own lock still holds).
   */
  enter(): void;
  /** Takes the turn only if free now; if not, asks the worker to park after its commit. */
  tryEnter(): boolean;
  leave(): void;
}

export function createGateState(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT));
}

/** This thread's side of the gate. */
export function mainGate(state: Int32Array): WriteGate {
  let depth = 0;
  let owned = false;
  const take = (): boolean => Atomics.compareExchange(state, HOLDER, FREE, BY_MAIN) === FREE;
  return {
    enter() {
      if (depth++ > 0) return;
      Atomics.store(state, WANTED, 1);
      const deadline = performance.now() + GATE_WAIT_MS;
      while (!(owned = take())) {
        const left = deadline - performance.now();
        if (left <= 0) break;
        Atomics.wait(state, HOLDER, BY_WORKER, left);
      }
    },
    tryEnter() {
      if (depth > 0) return ((depth += 1), true);
      if (!take()) {
        Atomics.store(state, WANTED, 1);
        return false;
      }
      owned = true;
      depth = 1;
      return true;
    },
    leave() {
      if (depth === 0 || --depth > 0) return;
      if (owned) Atomics.store(state, HOLDER, FREE);
      owned = false;
      Atomics.store(state, WANTED, 0);
      Atomics.notify(state, HOLDER);
      Atomics.notify(state, WANTED);
    },
  };
}

/** The worker's side: runs `fn` holding the turn, after this thread's wanted turn if any. */
export function workerTurn<T>(state: Int32Array, fn: () => T): T {
  const parkUntil = performance.now() + PARK_MS;
  while (Atomics.load(state, WANTED) === 1) {
    const left = parkUntil - performance.now();
    if (left <= 0) {
      // Asked and never taken (its turn was cancelled, or it is stuck): go on.
      Atomics.store(state, WANTED, 0);
      break;
    }
    Atomics.wait(state, WANTED, 1, left);
  }
  const deadline = performance.now() + GATE_WAIT_MS;
  let owned: boolean;
  while (!(owned = Atomics.compareExchange(state, HOLDER, FREE, BY_WORKER) === FREE)) {
    const left = deadline - performance.now();
    if (left <= 0) break;
    Atomics.wait(state, HOLDER, BY_MAIN, left);
  }
  try {
    return fn();
  } finally {
    if (owned) Atomics.store(state, HOLDER, FREE);
    Atomics.notify(state, HOLDER);
  }
}

/** Frees the turn of a worker that is gone (it may have ended holding it). */
export function releaseGate(state: Int32Array): void {
  Atomics.store(state, HOLDER, FREE);
  Atomics.store(state, WANTED, 0);
  Atomics.notify(state, HOLDER);
  Atomics.notify(state, WANTED);
}
