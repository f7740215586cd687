// A loopback localtunnel server speaking the protocol the real client expects
// (the localtunnel server's handshake and TCP pipe pool): tests run the real client against it.
import { randomBytes } from 'node:crypto';
import { createServer as createHttpServer } from 'node:http';
import {
  createServer as createNetServer,
  type AddressInfo,
  type Server,
  type Socket,
} from 'node:net';

export interface TunnelServerOptions {
  /** Handshake port; default 0. Pass an old server's port to restart "the same host". */
  port?: number;
  /** Pipes each client may open, default 4. */
  maxConnCount?: number;
  /** How long a public connection waits for an idle pipe before a 503, default 1000 ms. */
  pipeWaitMs?: number;
}

export interface TunnelServer {
  /** 'http://127.0.0.1:PORT' — the client's `host`. */
  host: string;
  port: number;
  /** Every public URL handed out, oldest first. */
  publicUrls(): string[];
  /** Tunnel ids handed out, oldest first (the requested subdomain unless it was taken). */
  ids(): string[];
  close(): Promise<void>;
}

function listen(server: Server | ReturnType<typeof createHttpServer>, port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export async function startTunnelServer(options: TunnelServerOptions = {}): Promise<TunnelServer> {
  const maxConn = options.maxConnCount ?? 4;
  const pipeWaitMs = options.pipeWaitMs ?? 1000;
  const servers: Array<Server | ReturnType<typeof createHttpServer>> = [];
  const sockets = new Set<Socket>();
  const urls: string[] = [];
  const ids: string[] = [];
  const names = new Set<string>();
  const track = (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => s.destroy());
  };

  async function newClient(requested: string | null) {
    // Like the public server, a name already in use is silently replaced by a random one.
    const id = requested && !names.has(requested) ? requested : randomBytes(6).toString('hex');
    names.add(id);
    const idle: Socket[] = [];
    const waiting: Array<(pipe: Socket) => void> = [];
    const pipes = createNetServer((pipe) => {
      track(pipe);
      pipe.on('close', () => {
        const i = idle.indexOf(pipe);
        if (i >= 0) idle.splice(i, 1);
      });
      const taker = waiting.shift();
      if (taker) taker(pipe);
      else idle.push(pipe);
    });
    const publicSide = createNetServer((conn) => {
      track(conn);
      conn.pause();
      const pair = (pipe: Socket) => {
        conn.pipe(pipe).pipe(conn);
        conn.resume();
        // end(), not destroy(): the answer may still be buffered on its way to the public side.
        pipe.once('close', () => conn.end());
        conn.once('close', () => pipe.destroy());
      };
      const pipe = idle.shift();
      if (pipe) return pair(pipe);
      const timer = setTimeout(() => {
        const i = waiting.indexOf(taker);
        if (i >= 0) waiting.splice(i, 1);
        conn.end(
          'HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n',
        );
      }, pipeWaitMs);
      const taker = (p: Socket) => {
        clearTimeout(timer);
        pair(p);
      };
      waiting.push(taker);
    });
    servers.push(pipes, publicSide);
    const pipePort = await listen(pipes);
    const publicPort = await listen(publicSide);
    const url = `http://127.0.0.1:${publicPort}`;
    urls.push(url);
    ids.push(id);
    return { id, ip: '127.0.0.1', port: pipePort, max_conn_count: maxConn, url };
  }

  const api = createHttpServer((req, res) => {
    const target = new URL(req.url ?? '/', 'http://x');
    const name = target.pathname.slice(1);
    const wantsNew = target.pathname === '/' && target.searchParams.has('new');
    if (req.method !== 'GET' || (!wantsNew && !/^[a-z0-9-]{1,63}$/.test(name))) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: 'not found' }));
      return;
    }
    newClient(wantsNew ? null : name).then(
      (info) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(info));
      },
      (e: unknown) => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: String(e) }));
      },
    );
  });
  api.on('connection', track);
  const port = await listen(api, options.port ?? 0);
  servers.push(api);

  return {
    host: `http://127.0.0.1:${port}`,
    port,
    publicUrls: () => [...urls],
    ids: () => [...ids],
    async close() {
      const closing = servers.map((s) => new Promise<void>((r) => s.close(() => r())));
      for (const s of sockets) s.destroy();
      await Promise.all(closing);
    },
  };
}
