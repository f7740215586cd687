// A scriptable HTTP server on 127.0.0.1 for behaviours the sandbox cannot easily produce.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export type Reply = (res: ServerResponse, req: SeenRequest) => void;

export interface TinyServer {
  apiUrl: string;
  origin: string;
  seen: SeenRequest[];
  close(): Promise<void>;
}

/** Each request gets the next reply in `replies`; the last one repeats. */
export async function startTinyServer(replies: Reply[]): Promise<TinyServer> {
  const seen: SeenRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const request: SeenRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      seen.push(request);
      const reply = replies[Math.min(seen.length - 1, replies.length - 1)];
      if (!reply) throw new Error('no reply scripted');
      reply(res, request);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    apiUrl: `${origin}/api/`,
    origin,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Reply {
  return (res) => {
    res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
}

export function raw(status: number, body: string, headers: Record<string, string> = {}): Reply {
  return (res) => {
    res.writeHead(status, headers);
    res.end(body);
  };
}

/** Closes the connection without answering, like a network drop mid-request. */
export const drop: Reply = (res) => {
  res.socket?.destroy();
};

/** Never answers: only a client-side timeout ends the call. */
export const hang: Reply = () => {};

export interface FakeClock {
  /** Every sleep asked for, in order. */
  sleeps: number[];
  now(): number;
  sleep(ms: number): Promise<void>;
}

/**
 * Virtual time for sleeps: a sleep is due at now + ms, and once the event loop has had a
 * moment, time jumps to the earliest due sleep. Concurrent sleepers overlap like real ones.
 */
export function fakeClock(start = 1_000_000): FakeClock {
  let time = start;
  const sleeps: number[] = [];
  const timers: Array<{ at: number; wake: () => void }> = [];
  let pending = false;
  function pump() {
    pending = false;
    timers.sort((a, b) => a.at - b.at);
    const first = timers[0];
    if (!first) return;
    time = Math.max(time, first.at);
    const due = timers.filter((t) => t.at <= time);
    timers.splice(0, due.length);
    for (const t of due) t.wake();
    schedule();
  }
  function schedule() {
    if (!pending && timers.length > 0) {
      pending = true;
      setTimeout(pump, 2);
    }
  }
  return {
    sleeps,
    now: () => time,
    sleep: (ms: number) =>
      new Promise<void>((wake) => {
        sleeps.push(ms);
        timers.push({ at: time + ms, wake });
        schedule();
      }),
  };
}

export function randomKey(): string {
  return `sk_test_${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
}

/**
 * One reply per path (without `.json` and the query), for a server that answers like a whole
 * account; an unknown path is a 404.
 */
export function routes(table: Record<string, Reply>): Reply {
  return (res, req) => {
    const path = new URL(req.url, 'http://127.0.0.1').pathname.replace(/\.json$/, '');
    const reply = table[path];
    if (reply) reply(res, req);
    else json(404, { error: 'Not found' })(res, req);
  };
}
