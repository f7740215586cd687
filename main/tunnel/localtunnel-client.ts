// The real localtunnel client (its pipe cluster, Host rewriting and events) with one change: the
// handshake. The stock handshake retries every second forever and cannot be cancelled, so a
// closed tunnel would keep polling a dead server; ours asks once, can be aborted, and leaves
// retrying to openTunnel's backoff. Protocol: the
// localtunnel server's, as test/support/tunnel-server.ts speaks it.
import type { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import type { Socket } from 'node:net';
import { z } from 'zod';
import { errorCode } from '../error-code';
import { readCappedText } from '../quaderno';
import { backoffDelay } from './backoff';
import {
  MAX_HANDSHAKE_BYTES,
  MAX_PIPES,
  pipeAddress,
  publicUrlProblem,
  type LookupAll,
} from './handshake-checks';

export interface LocalTunnelClient extends EventEmitter {
  /** The tunnel's id on the server: the requested subdomain unless the server replaced it. */
  clientId?: string;
  url?: string;
  open(cb: (err?: Error) => void): void;
  close(): void;
}

interface TunnelInternals extends LocalTunnelClient {
  closed: boolean;
  tunnelCluster?: EventEmitter & { open(): void };
  _init(cb: (err: Error | null, info?: unknown) => void): void;
  _getInfo(body: unknown): unknown;
  _establish(info: unknown): void;
}

type TunnelClass = new (opts: Record<string, unknown>) => TunnelInternals;

const handshakeBody = z.looseObject({
  id: z.string().min(1),
  port: z.number().int().min(1).max(65535),
  url: z.string().max(2048),
  ip: z.string().optional(),
  max_conn_count: z.number().int().positive().optional(),
  cached_url: z.string().optional(),
});
const errorBody = z.looseObject({ message: z.string() });

let tunnelClass: TunnelClass | undefined;

function loadTunnelClass(): TunnelClass {
  if (tunnelClass) return tunnelClass;
  const mod: unknown = createRequire(import.meta.url)('localtunnel/lib/Tunnel.js');
  if (typeof mod !== 'function' || !('prototype' in mod) || !('_getInfo' in mod.prototype)) {
    throw new Error('The installed localtunnel package is not the expected version (2.x).');
  }
  tunnelClass = mod as TunnelClass;
  return tunnelClass;
}

export interface LocalTunnelOptions {
  localPort: number;
  host: string;
  subdomain?: string;
  /** Aborts the handshake (timeout or close). */
  signal: AbortSignal;
  fetch?: typeof fetch;
  /** Resolves the tunnel host's addresses (to judge the server's `ip`); default DNS. */
  lookup?: LookupAll;
}

/** What the stock client's _getInfo reads, after our checks. */
export interface CheckedHandshake {
  id: string;
  port: number;
  url: string;
  ip: string | undefined;
  max_conn_count: number;
}

async function readBody(res: Response, host: string): Promise<unknown> {
  let text: string;
  try {
    text = await readCappedText(res, MAX_HANDSHAKE_BYTES);
  } catch (e) {
    throw new Error(
      `The tunnel server ${host} answered with something Checkout Console stopped reading (${e instanceof Error ? e.message : String(e)}); a tunnel's answer is a few hundred bytes. Check the tunnel server address.`,
      { cause: e },
    );
  }
  try {
    const value: unknown = JSON.parse(text);
    return value;
  } catch {
    return null;
  }
}

async function checked(
  body: z.infer<typeof handshakeBody>,
  o: LocalTunnelOptions,
): Promise<CheckedHandshake> {
  const problem = publicUrlProblem(body.url, o.host);
  if (problem) {
    const shown = body.url.length > 200 ? `${body.url.slice(0, 200)}…` : body.url;
    throw new Error(
      `The tunnel server ${o.host} offered ${JSON.stringify(shown)} as the public address, and Checkout Console will not register it as the webhook: ${problem}. Use another tunnel server.`,
    );
  }
  return {
    id: body.id,
    port: body.port,
    // What passed the check, not the string as sent: URL parsing drops tabs, newlines and
    // outer spaces and reads a backslash as a slash, which the raw string would carry into the
    // webhook's address (`https://abc.loca.lt\t/hooks/…`).
    url: new URL(body.url).origin,
    ip: await pipeAddress(body.ip, o.host, o.lookup),
    max_conn_count: Math.min(body.max_conn_count ?? 1, MAX_PIPES),
  };
}

/** A pipe open this long before closing was a working one, whether or not it carried a request. */
const PIPE_PROVEN_MS = 5000;

/** Redirects followed within the tunnel host (http to https, a moved path); more is a loop. */
const MAX_REDIRECTS = 5;

/**
 * Where a redirect from `from` may take the handshake, or why not. Its answer is judged as the
 * tunnel host's (the loopback rule, the pipes' `ip`), so it must come from the tunnel host:
 * the same host name, and never from https down to plain http.
 */
function redirectTarget(from: string, location: string | null, host: string): string {
  let target: URL | null = null;
  try {
    target = location === null ? null : new URL(location, from);
  } catch {
    // an unparsable Location is refused below like one pointing elsewhere
  }
  const source = new URL(from);
  if (
    target === null ||
    target.hostname !== source.hostname ||
    (target.protocol !== 'https:' && target.protocol !== source.protocol)
  ) {
    const shown = (location ?? '(nowhere)').slice(0, 200);
    throw new Error(
      `The tunnel server ${host} answered with a redirect to ${JSON.stringify(shown)}, which Checkout Console does not follow off the tunnel server. Set the tunnel server address to the one it points to if you trust it.`,
    );
  }
  return target.href;
}

async function ask(at: string, o: LocalTunnelOptions): Promise<Response> {
  try {
    return await (o.fetch ?? fetch)(at, { signal: o.signal, redirect: 'manual' });
  } catch (e) {
    const cause = e instanceof Error && e.cause instanceof Error ? e.cause : e;
    const code =
      (cause instanceof Error ? (errorCode(cause) ?? cause.message) : undefined) ?? String(cause);
    throw new Error(
      `The tunnel server ${o.host} cannot be reached (${code}). Check the tunnel server address and the network; the console keeps retrying.`,
      { cause: e },
    );
  }
}

export async function tunnelHandshake(o: LocalTunnelOptions): Promise<CheckedHandshake> {
  let at = `${o.host.replace(/\/+$/, '')}/${o.subdomain ? encodeURIComponent(o.subdomain) : '?new'}`;
  let res = await ask(at, o);
  for (let hop = 1; res.status >= 300 && res.status < 400 && res.status !== 304; hop++) {
    await res.body?.cancel().catch(() => undefined);
    if (hop > MAX_REDIRECTS) {
      throw new Error(
        `The tunnel server ${o.host} redirected the handshake more than ${MAX_REDIRECTS} times. Check the tunnel server address.`,
      );
    }
    at = redirectTarget(at, res.headers.get('location'), o.host);
    res = await ask(at, o);
  }
  const body = await readBody(res, o.host);
  if (!res.ok) {
    const said = errorBody.safeParse(body);
    // The server's own words, shown in the live status: a line of it, not 64 KiB.
    const message = said.success ? said.data.message : '';
    const shown = message.length > 200 ? `${message.slice(0, 200)}…` : message;
    throw new Error(
      `The tunnel server ${o.host} refused a tunnel (${res.status}${shown ? `: ${shown}` : ''}).`,
    );
  }
  const parsed = handshakeBody.safeParse(body);
  if (!parsed.success) {
    throw new Error(`The tunnel server ${o.host} answered something that is not a tunnel.`);
  }
  return checked(parsed.data, o);
}

export function createLocalTunnelClient(o: LocalTunnelOptions): LocalTunnelClient {
  const Base = loadTunnelClass();
  class OneShotHandshake extends Base {
    override _init(cb: (err: Error | null, info?: unknown) => void): void {
      tunnelHandshake(o).then(
        (body) => cb(null, this._getInfo(body)),
        (e: unknown) => cb(e instanceof Error ? e : new Error(String(e))),
      );
    }

    // The stock client reopens a dead pipe at once. A server that accepts pipes and hangs up
    // straight away would have us reconnect (and dial the receiver) hundreds of times a second,
    // for as long as its public URL answers the probe. A pipe that closed without carrying a
    // byte is reopened after a growing pause instead; one that carried a request, at once.
    override _establish(info: unknown): void {
      super._establish(info);
      const cluster = this.tunnelCluster;
      if (!cluster) return;
      cluster.removeAllListeners('dead');
      let emptyInARow = 0;
      const pauses = new Set<NodeJS.Timeout>();
      // Added as the pipe connects, before the cluster opens its local side, so this hears each
      // pipe's close before the cluster reports it dead. A pipe that stayed open a while (an
      // idle one a router dropped) counts as good as one that carried a request.
      cluster.prependListener('open', (remote: Socket) => {
        let carried = false;
        const openedAt = Date.now();
        remote.once('data', () => (carried = true));
        remote.once('close', () => {
          const good = carried || Date.now() - openedAt >= PIPE_PROVEN_MS;
          emptyInARow = good ? 0 : emptyInARow + 1;
        });
      });
      cluster.on('dead', () => {
        if (this.closed) return;
        if (emptyInARow === 0) return cluster.open();
        const pause = setTimeout(
          () => {
            pauses.delete(pause);
            if (!this.closed) cluster.open();
          },
          backoffDelay(emptyInARow - 1, { baseMs: 250, maxMs: 30_000 }),
        );
        pauses.add(pause);
      });
      this.once('close', () => {
        for (const pause of pauses) clearTimeout(pause);
        pauses.clear();
      });
    }
  }
  return new OneShotHandshake({
    port: o.localPort,
    local_host: '127.0.0.1',
    host: o.host,
    subdomain: o.subdomain,
  });
}
