// The tunnel's life: open (bounded, since localtunnel never fails on its own), watch the public
// URL, and reopen with backoff whenever it stops answering, until close().
import { isIP } from 'node:net';
import type { TunnelState } from '../../preload/contract';
import { backoffDelay, pausable, type BackoffOptions } from './backoff';
import { createLocalTunnelClient, type LocalTunnelClient } from './localtunnel-client';
import { describeProbe, isAlive, probeStatus } from './probe';

export const DEFAULT_TUNNEL_HOST = 'https://localtunnel.me';

export interface TunnelStateReport {
  state: TunnelState;
  publicUrl: string | null;
  error: string | null;
}

export interface TunnelOptions {
  localPort: number;
  /** Tunnel server; default https://localtunnel.me. */
  host?: string;
  subdomain?: string;
  /** Bound on handshake + first pipe, default 15 000 ms. */
  openTimeoutMs?: number;
  /** How often the public URL is probed while online, default 30 000 ms. */
  probeIntervalMs?: number;
  /** A path the local server answers HEAD 200 (the receiver's hook path). Strongly advised. */
  probePath?: string;
  /** Consecutive failed probes before reconnecting, default 2. */
  probeFailures?: number;
  backoff?: BackoffOptions;
  onState(state: TunnelStateReport): void;
}

export interface Tunnel {
  url(): string | null;
  close(): Promise<void>;
}

function reason(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Whether the public address is not the asked subdomain's. The address is what Quaderno is
 * given, so it decides whenever it has a name; an address with none (the tests' loopback
 * server, http://127.0.0.1:port, or localhost) is judged by the tunnel's id.
 */
function subdomainReplaced(client: LocalTunnelClient, url: string, subdomain: string): boolean {
  let hostname = '';
  try {
    hostname = new URL(url).hostname;
  } catch {
    // an unparsable URL is judged by the id alone
  }
  if (
    hostname === '' ||
    hostname === 'localhost' ||
    isIP(hostname.replace(/^\[(.*)\]$/, '$1')) !== 0
  ) {
    return client.clientId !== subdomain;
  }
  return hostname.split('.')[0] !== subdomain;
}

export function openTunnel(options: TunnelOptions): Tunnel {
  const host = options.host || DEFAULT_TUNNEL_HOST;
  const openTimeoutMs = options.openTimeoutMs ?? 15_000;
  const probeIntervalMs = options.probeIntervalMs ?? 30_000;
  const maxFailures = options.probeFailures ?? 2;
  const stopping = new AbortController();
  let report: TunnelStateReport = { state: 'off', publicUrl: null, error: null };
  let client: LocalTunnelClient | null = null;

  const setState = (next: TunnelStateReport) => {
    if (
      next.state === report.state &&
      next.publicUrl === report.publicUrl &&
      next.error === report.error
    ) {
      return;
    }
    report = next;
    options.onState({ ...next });
  };

  /** Resolves with the public URL once the first pipe is connected. */
  async function connect(): Promise<string> {
    const attempt = AbortSignal.any([stopping.signal, AbortSignal.timeout(openTimeoutMs)]);
    const c = createLocalTunnelClient({
      localPort: options.localPort,
      host,
      subdomain: options.subdomain || undefined,
      signal: attempt,
    });
    client = c;
    // Without a listener a socket error would throw and take the process down.
    c.on('error', () => {});
    return new Promise<string>((resolve, reject) => {
      const fail = (e: unknown) => {
        c.removeListener('url', resolve);
        c.removeListener('error', fail);
        attempt.removeEventListener('abort', aborted);
        reject(e);
      };
      const aborted = () =>
        fail(
          stopping.signal.aborted
            ? new Error('closed')
            : new Error(
                `The tunnel server ${host} did not open a tunnel within ${openTimeoutMs} ms.`,
              ),
        );
      attempt.addEventListener('abort', aborted, { once: true });
      c.once('error', fail);
      c.once('url', (url: string) => {
        attempt.removeEventListener('abort', aborted);
        c.removeListener('error', fail);
        resolve(url);
      });
      c.open((err) => {
        if (err) fail(err);
      });
    });
  }

  /** Resolves with why the tunnel is considered dead; `onAlive` hears each passed probe. */
  async function watch(
    c: LocalTunnelClient,
    publicUrl: string,
    onAlive: () => void,
  ): Promise<string> {
    const target = publicUrl.replace(/\/+$/, '') + (options.probePath ?? '/');
    let failures = 0;
    let pause = pausable(probeIntervalMs, stopping.signal);
    // A pipe error (server gone, refused) is a reason to look now rather than at the next tick.
    const poke = () => pause.wake();
    c.on('error', poke);
    try {
      for (;;) {
        await pause.done;
        if (stopping.signal.aborted) return 'closed';
        const status = await probeStatus(
          target,
          Math.min(10_000, Math.max(1000, probeIntervalMs)),
          stopping.signal,
        );
        if (stopping.signal.aborted) return 'closed';
        const alive = isAlive(status, options.probePath !== undefined);
        if (alive) onAlive();
        failures = alive ? 0 : failures + 1;
        if (failures >= maxFailures) {
          return `The public URL stopped answering (${describeProbe(status)}); reconnecting.`;
        }
        pause = pausable(
          failures > 0 ? Math.min(probeIntervalMs, 2000) : probeIntervalMs,
          stopping.signal,
        );
      }
    } finally {
      c.removeListener('error', poke);
    }
  }

  async function run(): Promise<void> {
    let attempt = 0;
    let lastError: string | null = null;
    while (!stopping.signal.aborted) {
      setState({
        state: attempt === 0 && lastError === null ? 'connecting' : 'reconnecting',
        publicUrl: null,
        error: lastError,
      });
      try {
        const publicUrl = await connect();
        const c = client;
        if (!c) continue;
        const sub = options.subdomain;
        const replaced = sub ? subdomainReplaced(c, publicUrl, sub) : false;
        setState({
          state: 'online',
          publicUrl,
          error: replaced
            ? `The subdomain "${sub}" was not available; the tunnel uses ${publicUrl} instead.`
            : null,
        });
        // The backoff starts over only once the public URL has answered: a server whose
        // tunnels open but never carry anything would otherwise be asked again every second.
        lastError = await watch(c, publicUrl, () => (attempt = 0));
      } catch (e) {
        lastError = reason(e);
      }
      client?.close();
      client = null;
      if (stopping.signal.aborted) break;
      await pausable(backoffDelay(attempt++, options.backoff ?? {}), stopping.signal).done;
    }
  }

  const running = run();
  return {
    url: () => (report.state === 'online' ? report.publicUrl : null),
    async close() {
      stopping.abort();
      client?.close();
      await running;
      setState({ state: 'off', publicUrl: null, error: null });
    },
  };
}
