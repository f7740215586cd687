import { createServer, type Server } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { openTunnel, type TunnelOptions, type TunnelStateReport } from '../../../main/tunnel';
import { useCleanups } from '../../support/cleanups';
import { startDribblingServer } from '../../support/dribbling-server';
import { statusOnFreshConnection } from '../../support/fresh-request';
import { startTunnelServer, type TunnelServer } from '../../support/tunnel-server';

const { defer } = useCleanups();

interface LocalApp {
  port: number;
  received: Array<{ method: string; path: string; body: string; host: string | undefined }>;
}

/** The local server the tunnel forwards to: answers HEAD /probe with 200 and echoes POSTs. */
async function localApp(): Promise<LocalApp> {
  const received: LocalApp['received'] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      if (req.method === 'POST') {
        received.push({ method: 'POST', path: req.url ?? '', body, host: req.headers.host });
      }
      res.writeHead(req.url === '/probe' || req.method === 'POST' ? 200 : 404, {
        'content-type': 'text/plain',
      });
      res.end(req.method === 'POST' ? `got ${body.length} bytes` : '');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  defer(() => new Promise<void>((r) => server.close(() => r())));
  return { port: (server.address() as AddressInfo).port, received };
}

async function tunnelServer(port?: number): Promise<TunnelServer> {
  const ts = await startTunnelServer({ port });
  defer(() => ts.close());
  return ts;
}

function startTunnel(options: Omit<TunnelOptions, 'onState'>) {
  const states: TunnelStateReport[] = [];
  const waiters = new Set<() => void>();
  const tunnel = openTunnel({
    probePath: '/probe',
    probeIntervalMs: 300,
    openTimeoutMs: 5000,
    backoff: { baseMs: 100, maxMs: 500 },
    ...options,
    onState: (s) => {
      states.push(s);
      for (const w of waiters) w();
    },
  });
  defer(() => tunnel.close());
  const waitFor = (ok: (s: TunnelStateReport) => boolean, timeoutMs = 20_000) =>
    new Promise<TunnelStateReport>((resolve, reject) => {
      const check = () => {
        const hit = states.find(ok);
        if (!hit) return;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(hit);
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`no such state; saw ${JSON.stringify(states)}`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });
  return { tunnel, states, waitFor };
}

async function post(url: string, body: string): Promise<{ status: number; text: string }> {
  const res = await fetch(url, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json' },
  });
  return { status: res.status, text: await res.text() };
}

/** HEAD on a fresh connection (fetch's pool could reuse a socket paired with a dead pipe). */
const headStatus = (url: string) => statusOnFreshConnection(url, { method: 'HEAD' });

describe('tunnel through the real localtunnel client', () => {
  it('delivers a request made to the public URL to the local server and returns its answer', async () => {
    const app = await localApp();
    const ts = await tunnelServer();
    const t = startTunnel({ localPort: app.port, host: ts.host });
    const online = await t.waitFor((s) => s.state === 'online');
    expect(online.publicUrl).toBe(ts.publicUrls()[0]);
    expect(t.tunnel.url()).toBe(online.publicUrl);
    expect(t.states[0]?.state).toBe('connecting');

    const answer = await post(
      `${online.publicUrl}/hooks/abc?x=1`,
      '{"event_type":"checkout.succeeded"}',
    );
    expect(answer).toEqual({ status: 200, text: 'got 35 bytes' });
    expect(app.received).toEqual([
      {
        method: 'POST',
        path: '/hooks/abc?x=1',
        body: '{"event_type":"checkout.succeeded"}',
        host: '127.0.0.1',
      },
    ]);

    await t.tunnel.close();
    expect(t.states.at(-1)).toEqual({ state: 'off', publicUrl: null, error: null });
    expect(t.tunnel.url()).toBeNull();
    // Nothing serves the old public URL any more: no pipe (503) or a pipe closing under it.
    const after = await headStatus(`${online.publicUrl}/probe`).catch(() => 'no answer');
    expect([503, 'no answer']).toContain(after);
    await post(`${online.publicUrl}/hooks/abc`, '{}').catch(() => null);
    expect(app.received).toHaveLength(1);
  });

  it('notices a restarted tunnel server, reconnects and reports the new public URL', async () => {
    const app = await localApp();
    const first = await startTunnelServer();
    const t = startTunnel({ localPort: app.port, host: first.host });
    const online = await t.waitFor((s) => s.state === 'online');
    await first.close();
    const second = await tunnelServer(first.port); // same host, new public URL
    const back = await t.waitFor((s) => s.state === 'online' && s.publicUrl !== online.publicUrl);
    expect(back.publicUrl).toBe(second.publicUrls()[0]);
    expect(t.states.some((s) => s.state === 'reconnecting' && s.error !== null)).toBe(true);

    const answer = await post(`${back.publicUrl}/hooks/abc`, '{"n":2}');
    expect(answer.status).toBe(200);
    expect(app.received.map((r) => r.body)).toEqual(['{"n":2}']);
  });

  it('reports an error and keeps retrying when the tunnel server is down', async () => {
    const app = await localApp();
    const ts = await startTunnelServer();
    await ts.close(); // nothing listens at this host any more
    const t = startTunnel({ localPort: app.port, host: ts.host });
    const failing = await t.waitFor((s) => s.state === 'reconnecting' && s.error !== null);
    expect(failing.error).toContain(
      `The tunnel server ${ts.host} cannot be reached (ECONNREFUSED)`,
    );
    expect(failing.publicUrl).toBeNull();
    expect(t.tunnel.url()).toBeNull();

    const revived = await tunnelServer(ts.port);
    const online = await t.waitFor((s) => s.state === 'online');
    expect(online.publicUrl).toBe(revived.publicUrls()[0]);
  });

  it('gives up an open that the server never answers after the open timeout', async () => {
    const app = await localApp();
    const held: Socket[] = [];
    const silent = createNetServer((s) => held.push(s)); // accepts, never answers
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    defer(() => {
      for (const s of held) s.destroy();
      return new Promise<void>((r) => silent.close(() => r()));
    });
    const host = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    const t = startTunnel({ localPort: app.port, host, openTimeoutMs: 300 });
    const timedOut = await t.waitFor((s) => s.state === 'reconnecting' && s.error !== null);
    expect(timedOut.error).toMatch(/did not open a tunnel within 300 ms/);
  });

  it("still handshakes through the stock client's axios after the override to axios 1.x", async () => {
    const app = await localApp();
    const ts = await tunnelServer();
    const localtunnel: unknown = createRequire(import.meta.url)('localtunnel');
    if (typeof localtunnel !== 'function') throw new Error('localtunnel is not a function');
    const stock: unknown = await localtunnel({
      port: app.port,
      local_host: '127.0.0.1',
      host: ts.host,
    });
    if (!(stock instanceof EventEmitter) || !('close' in stock)) {
      throw new Error('localtunnel did not resolve to a tunnel');
    }
    stock.on('error', () => {}); // or the process throws when the server goes away
    const close = stock.close;
    if (typeof close !== 'function') throw new Error('the tunnel has no close()');
    defer(() => void Reflect.apply(close, stock, []));
    expect('url' in stock && stock.url).toBe(ts.publicUrls()[0]);
    expect(createRequire(import.meta.url)('axios/package.json')).toMatchObject({
      version: expect.stringMatching(/^1\./),
    });
  });

  it('reports when the requested subdomain was replaced by another one', async () => {
    const app = await localApp();
    const ts = await tunnelServer();
    const a = startTunnel({ localPort: app.port, host: ts.host, subdomain: 'my-shop' });
    const first = await a.waitFor((s) => s.state === 'online');
    expect(first.error).toBeNull();
    const b = startTunnel({ localPort: app.port, host: ts.host, subdomain: 'my-shop' });
    const second = await b.waitFor((s) => s.state === 'online');
    expect(ts.ids()[0]).toBe('my-shop');
    expect(ts.ids()[1]).not.toBe('my-shop');
    expect(second.error).toContain('"my-shop" was not available');
    expect(second.error).toContain(second.publicUrl ?? 'missing');
  });

  it('gives up a probe whose answer dribbles in and never ends, and closes without waiting for it', async () => {
    // The local side answers the probe's HEAD with one header line every 100 ms, forever.
    const dribbling = await startDribblingServer(defer);
    const ts = await tunnelServer();
    const t = startTunnel({ localPort: dribbling.port, host: ts.host });
    const dead = await t.waitFor((s) => s.state === 'reconnecting' && s.error !== null);
    expect(dead.error).toMatch(/stopped answering \(no answer within 1000 ms\)/);

    await t.waitFor((s) => s.state === 'online' && t.states.indexOf(s) > t.states.indexOf(dead));
    const closed = await Promise.race([
      t.tunnel.close().then(() => 'closed'),
      new Promise((r) => setTimeout(() => r('still waiting after 5 s'), 5000)),
    ]);
    expect(closed).toBe('closed');
  });
});
