// Whether Quaderno can be reached, as the merchant should see it: every API call
// reports its outcome here; after a network failure a cheap probe runs until it
// succeeds, so the offline banner clears by itself.
import { isConsoleError } from '../errors';
import { isStoppedCall, type CallOptions } from '../quaderno';

export interface ConnectivityState {
  online: boolean;
  reason: string | null;
}

export interface Connectivity {
  state(): ConnectivityState;
  /** `null` for a call that reached Quaderno; the error for one that failed. */
  report(outcome: unknown): void;
  close(): void;
}

const NETWORK_CODES = new Set(['offline', 'timeout']);

export function isNetworkFailure(e: unknown): boolean {
  return isConsoleError(e) && NETWORK_CODES.has(e.code);
}

export function createConnectivity(deps: {
  onChange(state: ConnectivityState): void;
  /**
   * One cheap call to Quaderno (a ping) made with `call`; its outcome is reported like any
   * other. `call` ends when the watch closes, and says how the ping retries: offline, never
   * (the next probe is the retry); online, a dropped connection or a timeout once, at once
   * (see probeOnce).
   */
  probe(call: CallOptions): Promise<unknown>;
  /** Probe period while offline. */
  intervalMs?: number;
  /** Probe period while online, so a lost connection shows even when the merchant is idle. */
  heartbeatMs?: number;
}): Connectivity {
  let current: ConnectivityState = { online: true, reason: null };
  let timer: NodeJS.Timeout | null = null;
  let closed = false;
  /**
   * The probe in flight, if any. One at a time: a probe that retried inside itself, started
   * every interval, piled up and spent the account's 100 calls / 15 s (docs/quaderno-api.md ›
   * Rate limit) that the merchant's own calls then waited for.
   */
  let probing: AbortController | null = null;

  function probeOnce(): void {
    if (probing || closed) return;
    const stop = new AbortController();
    probing = stop;
    // Online, one failed ping is the merchant's outage (links go straight to drafts until the
    // next probe, 10 s later), so a keep-alive socket the server had closed or one ping that ran
    // out of time gets one more try at once ('reach'), inside the same call: the watched client
    // reports the ping itself, so a second probe made here would come after the first one's
    // failure had already been told. Each try has the client's time limit and both end on
    // `stop`. Still one probe at a time, so its retries cannot pile up.
    deps
      .probe({ retry: current.online ? 'reach' : 'none', signal: stop.signal })
      .then(() => report(null), report)
      .finally(() => {
        if (probing === stop) probing = null;
      });
  }

  const heartbeat = setInterval(() => {
    if (current.online) probeOnce();
  }, deps.heartbeatMs ?? 30_000);
  heartbeat.unref();

  const stopProbing = () => {
    if (timer) clearInterval(timer);
    timer = null;
  };
  const startProbing = () => {
    if (timer || closed) return;
    timer = setInterval(probeOnce, deps.intervalMs ?? 10_000);
    timer.unref();
  };

  function set(next: ConnectivityState): void {
    if (next.online === current.online && next.reason === current.reason) return;
    current = next;
    if (next.online) stopProbing();
    else startProbing();
    if (!closed) deps.onChange(next);
  }

  function report(outcome: unknown): void {
    if (outcome === null || outcome === undefined) return set({ online: true, reason: null });
    // Stopped by its caller (a draft attempt at reconnect, a check out of time) or shutdown:
    // nothing was learned about Quaderno.
    if (isStoppedCall(outcome)) return;
    // Only a failure to reach Quaderno makes us offline; a refused key or a 422 is an answer.
    if (isNetworkFailure(outcome)) {
      set({ online: false, reason: (outcome as Error).message });
    } else if (isConsoleError(outcome) && outcome.status !== undefined) {
      set({ online: true, reason: null });
    }
  }

  return {
    state: () => current,
    report,
    close() {
      closed = true;
      clearInterval(heartbeat);
      stopProbing();
      probing?.abort();
    },
  };
}

/** Wraps every promise-returning method of a client so its outcome is reported. */
export function observeClient<T extends object>(client: T, report: (outcome: unknown) => void): T {
  return wrapAsyncMethods(client, (result) =>
    result.then(
      (v: unknown) => {
        report(null);
        return v;
      },
      (e: unknown) => {
        report(e);
        throw e;
      },
    ),
  );
}

/**
 * A proxy of `client` whose methods return `wrap(promise)` where they return a promise; other
 * properties and results pass through. How a client's calls are watched (observeClient) or
 * their offline errors reworded (accounts' namingCliSandbox) without touching the client.
 */
export function wrapAsyncMethods<T extends object>(
  client: T,
  wrap: (result: Promise<unknown>) => Promise<unknown>,
): T {
  return new Proxy(client, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const result: unknown = (value as (...a: unknown[]) => unknown).apply(target, args);
        return result instanceof Promise ? wrap(result) : result;
      };
    },
  });
}
