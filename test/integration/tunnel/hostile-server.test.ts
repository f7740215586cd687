// A tunnel server is someone else's machine: what its handshake may and may not make us do.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { openTunnel, type TunnelStateReport } from '../../../main/tunnel';
import { tunnelHandshake } from '../../../main/tunnel/localtunnel-client';
import { useCleanups } from '../../support/cleanups';
import { pollUntil } from '../../support/poll';
import { z } from 'zod';

const { defer } = useCleanups();

/** A tunnel server's handshake endpoint that answers whatever the test says. */
async function handshakeServer(
  answer: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<{ host: string }> {
  const server = createServer(answer);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  defer(
    () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  );
  return {
    host: `http://127.0.0.1:${z.object({ port: z.number().int() }).parse(server.address()).port}`,
  };
}

function json(body: unknown) {
  return (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
}

function handshake(host: string, lookup?: (hostname: string) => Promise<string[]>) {
  return tunnelHandshake({
    localPort: 9,
    host,
    signal: AbortSignal.timeout(20_000),
    ...(lookup ? { lookup } : {}),
  });
}

const tunnel = { id: 'shop', port: 4000, url: 'https://shop.tunnel.example' };

describe('a tunnel server that answers the handshake with hostile values', () => {
  it.each([
    ['http://shop.tunnel.example', 'not an https:// address'],
    ['https://user:pw@shop.tunnel.example', 'user name or password'],
    ['https://shop.tunnel.example/x', 'path after the host'],
    ['https://shop.tunnel.example/?y=1', 'query'],
    ['https://shop.tunnel.example/#frag', 'fragment'],
    ['javascript:alert(1)', 'not an https:// address'],
    ['not a url', 'not a URL'],
  ])('refuses %s as the public address, saying why', async (url, why) => {
    const server = await handshakeServer(json({ ...tunnel, url }));
    await expect(handshake(server.host)).rejects.toThrow(why);
  });

  it('accepts a bare https origin, with or without its trailing slash, as the origin', async () => {
    for (const url of ['https://shop.tunnel.example', 'https://shop.tunnel.example/']) {
      const server = await handshakeServer(json({ ...tunnel, url }));
      await expect(handshake(server.host)).resolves.toMatchObject({
        url: 'https://shop.tunnel.example',
      });
    }
  });

  it.each([
    ['a trailing tab', 'https://shop.tunnel.example\t'],
    ['a leading space', ' https://shop.tunnel.example'],
    ['a newline inside the host', 'https://shop.tunnel.exa\nmple'],
    ['a trailing backslash', 'https://shop.tunnel.example\\'],
  ])('passes on the origin it checked, not the address as sent with %s', async (_what, url) => {
    const server = await handshakeServer(json({ ...tunnel, url }));
    await expect(handshake(server.host)).resolves.toMatchObject({
      url: 'https://shop.tunnel.example',
    });
  });

  it('never goes online with the public address of http://evil.example:8080/x?y=1#frag', async () => {
    const server = await handshakeServer(
      json({ ...tunnel, url: 'http://evil.example:8080/x?y=1#frag' }),
    );
    const states: TunnelStateReport[] = [];
    let sawRefusal: () => void = () => {};
    const refused = new Promise<void>((r) => (sawRefusal = r));
    const t = openTunnel({
      localPort: 9,
      host: server.host,
      openTimeoutMs: 5000,
      backoff: { baseMs: 50, maxMs: 100 },
      onState: (s) => {
        states.push(s);
        if (s.error?.includes('will not register it as the webhook')) sawRefusal();
      },
    });
    defer(() => t.close());
    await refused;
    expect(states.filter((s) => s.state === 'online')).toEqual([]);
    expect(t.url()).toBeNull();
  });

  it('opens at most 10 pipes when the server asks for 3000', async () => {
    const server = await handshakeServer(json({ ...tunnel, max_conn_count: 3000 }));
    await expect(handshake(server.host)).resolves.toMatchObject({ max_conn_count: 10 });
  });

  it("keeps the server's ip when it is one of the tunnel host's own addresses", async () => {
    const server = await handshakeServer(json({ ...tunnel, ip: '127.0.0.1' }));
    await expect(handshake(server.host)).resolves.toMatchObject({ ip: '127.0.0.1' });
  });

  it('drops an ip the tunnel host does not resolve to, so the pipes go to the host', async () => {
    const server = await handshakeServer(json({ ...tunnel, ip: '10.1.2.3' }));
    const lookedUp: string[] = [];
    const lookup = (hostname: string) => {
      lookedUp.push(hostname);
      return Promise.resolve(['127.0.0.1']);
    };
    await expect(handshake(server.host, lookup)).resolves.toMatchObject({ ip: undefined });
    expect(lookedUp).toEqual([]); // the host is an address itself: nothing to resolve
    const named = server.host.replace('127.0.0.1', 'localhost');
    await expect(handshake(named, lookup)).resolves.toMatchObject({ ip: undefined });
    expect(lookedUp).toEqual(['localhost']);
    await expect(
      handshake(named, () => Promise.resolve(['127.0.0.1', '10.1.2.3'])),
    ).resolves.toMatchObject({ ip: '10.1.2.3' });
  });

  it('still opens the tunnel, with the pipes going to the host, when the host does not resolve', async () => {
    const server = await handshakeServer(json({ ...tunnel, ip: '10.1.2.3' }));
    const named = server.host.replace('127.0.0.1', 'localhost');
    const failing = () => Promise.reject(new Error('getaddrinfo EAI_AGAIN localhost'));
    await expect(handshake(named, failing)).resolves.toMatchObject({ id: 'shop', ip: undefined });
  });

  it('drops an ip that is not an address at all', async () => {
    const server = await handshakeServer(json({ ...tunnel, ip: 'evil.example' }));
    await expect(handshake(server.host)).resolves.toMatchObject({ ip: undefined });
  });

  it('stops reading a handshake answer past 64 KiB and says so', async () => {
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let written = 0;
    let hungUp: (bytes: number) => void = () => {};
    const ended = new Promise<number>((r) => (hungUp = r));
    const server = await handshakeServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.on('close', () => hungUp(written));
      // An endless answer: written as fast as the client reads, until it hangs up.
      const more = () => {
        while (!res.destroyed) {
          written += chunk.length;
          if (!res.write(chunk)) break;
        }
        if (!res.destroyed) res.once('drain', more);
      };
      res.write('{"id":"shop","pad":"');
      more();
    });
    await expect(handshake(server.host)).rejects.toThrow(/stopped reading.*65536 bytes/);
    // The client hung up long before a 200 MB answer, which once took it to 895 MB.
    const sent = await ended;
    expect(sent).toBeGreaterThan(64 * 1024);
    expect(sent).toBeLessThan(50 * 1024 * 1024);
  });
});

describe('a tunnel server whose pipes close as soon as they open', () => {
  it('does not reconnect its pipes in a tight loop while the public URL still answers', async () => {
    // The pipe port accepts and hangs up at once; the public side answers every probe.
    const pipeTimes: number[] = [];
    const pipes = createNetServer((socket) => {
      pipeTimes.push(performance.now());
      socket.destroy();
    });
    await new Promise<void>((r) => pipes.listen(0, '127.0.0.1', () => r()));
    defer(() => new Promise<void>((r) => pipes.close(() => r())));
    const publicSide = await handshakeServer((_req, res) => res.writeHead(200).end());
    const server = await handshakeServer(
      json({
        id: 'shop',
        port: z.object({ port: z.number().int() }).parse(pipes.address()).port,
        url: publicSide.host,
        max_conn_count: 4,
      }),
    );
    const local = await handshakeServer((_req, res) => res.writeHead(200).end());
    const t = openTunnel({
      localPort: Number(new URL(local.host).port),
      host: server.host,
      probePath: '/probe',
      openTimeoutMs: 5000,
      onState: () => undefined,
    });
    defer(() => t.close());
    // The four pipes open together; each empty close in a row doubles the next pause (at least
    // 125, 250, 500, 1000 ms). Reopening at once would make all eight in a few milliseconds.
    await pollUntil('four pipes reopened', () => pipeTimes.length >= 8, { timeoutMs: 20_000 });
    const first = pipeTimes[0] ?? 0;
    const reopenedAfter = pipeTimes.slice(4, 8).map((at) => at - first);
    reopenedAfter.forEach((after, k) => expect(after).toBeGreaterThanOrEqual(125 * 2 ** k - 5));
  });
});

describe('a tunnel server that answers the handshake with a redirect', () => {
  it('never follows it to another host, and says where it pointed', async () => {
    let asked = 0;
    const elsewhere = await handshakeServer((req, res) => {
      asked += 1;
      json(tunnel)(req, res);
    });
    const redirected = elsewhere.host.replace('127.0.0.1', 'localhost');
    const server = await handshakeServer((req, res) => {
      res.writeHead(302, { location: `${redirected}${req.url ?? '/'}` }).end();
    });
    await expect(handshake(server.host)).rejects.toThrow(/redirect.*localhost/);
    expect(asked).toBe(0);
  });

  it('follows one to the same host', async () => {
    const server = await handshakeServer((req, res) => {
      if (req.url === '/?new') res.writeHead(301, { location: '/v2/?new' }).end();
      else json(tunnel)(req, res);
    });
    await expect(handshake(server.host)).resolves.toMatchObject({ id: 'shop' });
  });

  it('stops after a few redirects that go round in a loop', async () => {
    let asked = 0;
    const server = await handshakeServer((_req, res) => {
      asked += 1;
      res.writeHead(302, { location: '/?new' }).end();
    });
    await expect(handshake(server.host)).rejects.toThrow(/redirect/);
    expect(asked).toBeLessThanOrEqual(6);
  });
});

describe('a tunnel server that refuses with a long message', () => {
  it('shows a short piece of its message, not the whole of it', async () => {
    const server = await handshakeServer((_req, res) => {
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: `busy ${'x'.repeat(60_000)}` }));
    });
    const refusal = await handshake(server.host).then(
      () => null,
      (e: unknown) => (e instanceof Error ? e.message : String(e)),
    );
    expect(refusal).toMatch(/refused a tunnel \(503: busy x+…\)/);
    expect(refusal?.length).toBeLessThan(400);
  });
});

describe('a tunnel server whose tunnels open but never answer', () => {
  it('backs off further after each tunnel that never proved alive, rather than starting over', async () => {
    // Pipes connect and stay open, so each tunnel opens; its public URL answers only 503.
    const pipes = createNetServer(() => undefined);
    await new Promise<void>((r) => pipes.listen(0, '127.0.0.1', () => r()));
    defer(
      () =>
        new Promise<void>((r) => {
          pipes.close(() => r());
        }),
    );
    const publicSide = await handshakeServer((_req, res) => res.writeHead(503).end());
    const handshakeTimes: number[] = [];
    const server = await handshakeServer((req, res) => {
      handshakeTimes.push(performance.now());
      json({
        id: 'shop',
        port: z.object({ port: z.number().int() }).parse(pipes.address()).port,
        url: publicSide.host,
      })(req, res);
    });
    const local = await handshakeServer((_req, res) => res.writeHead(200).end());
    const t = openTunnel({
      localPort: Number(new URL(local.host).port),
      host: server.host,
      probePath: '/probe',
      probeIntervalMs: 50,
      probeFailures: 1,
      openTimeoutMs: 5000,
      backoff: { baseMs: 200, maxMs: 5000 },
      onState: () => undefined,
    });
    defer(() => t.close());
    // Pauses of 100-200, 200-400, 400-800 ms, then 800-1600 before the fifth handshake. Starting
    // over after each tunnel would keep every pause at 100-200 ms.
    await pollUntil('five handshakes', () => handshakeTimes.length >= 5, { timeoutMs: 20_000 });
    const [, , , fourth = 0, fifth = 0] = handshakeTimes;
    expect(fifth - fourth).toBeGreaterThanOrEqual(800 - 5);
  });
});

describe('a tunnel server that keeps the asked name as its id but gives another address', () => {
  it('tells the merchant the subdomain was not used, since the address is what Quaderno gets', async () => {
    const pipes = createNetServer(() => undefined);
    await new Promise<void>((r) => pipes.listen(0, '127.0.0.1', () => r()));
    defer(() => new Promise<void>((r) => pipes.close(() => r())));
    const server = await handshakeServer(
      json({
        id: 'my-shop',
        port: z.object({ port: z.number().int() }).parse(pipes.address()).port,
        url: 'https://someone-else.tunnel.example',
      }),
    );
    let sawOnline: (s: TunnelStateReport) => void = () => {};
    const online = new Promise<TunnelStateReport>((r) => (sawOnline = r));
    const t = openTunnel({
      localPort: 9,
      host: server.host,
      subdomain: 'my-shop',
      openTimeoutMs: 5000,
      onState: (s) => {
        if (s.state === 'online') sawOnline(s);
      },
    });
    defer(() => t.close());
    const state = await online;
    expect(state.publicUrl).toBe('https://someone-else.tunnel.example');
    expect(state.error).toContain('"my-shop" was not available');
  });
});
