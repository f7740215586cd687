// The browser end-to-end tests' stand-in for Electron IPC: serves the built
// renderer and carries the same contract over loopback HTTP (calls) and
// server-sent events (events). The page's end is the preload's own bridge
// (test/support/http-transport.ts). See docs/architecture.md, "The contract".
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { build } from 'vite';
import type { CheckoutConsole } from '../../main/console';

/** The part of CheckoutConsole (main/console.ts) the bridge needs. */
export type BridgedConsole = Pick<CheckoutConsole, 'dispatch' | 'onAny'>;

export interface HttpBridgeOptions {
  console: BridgedConsole;
  /** Folder holding the built renderer (index.html and assets/). */
  rendererDir: string;
  /** Default true. False serves the page as a plain browser would see it: no bridge. */
  injectBridge?: boolean;
}

export interface HttpBridge {
  url: string;
  /** Resolves once at least `count` pages hold the event stream open. */
  waitForEventClients(count?: number): Promise<void>;
  close(): Promise<void>;
}

// Deferred, so the parser goes on and the browser fetches the app's scripts meanwhile; a deferred
// script still runs before the module scripts after it (document order), as a preload runs first.
const BRIDGE_SCRIPT = '<script defer src="/__bridge.js"></script>';
const MAX_BODY_BYTES = 1_000_000;
export const TEST_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const JS_TYPE = 'text/javascript; charset=utf-8';
const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': JS_TYPE,
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
};

/** Puts the bridge script before the app's first script so it runs first. */
export function injectBridgeScript(html: string): string {
  const at = html.search(/<script\b/i);
  if (at === -1) return html.replace(/<\/head>/i, `${BRIDGE_SCRIPT}</head>`);
  return `${html.slice(0, at)}${BRIDGE_SCRIPT}\n    ${html.slice(at)}`;
}

let bundled: Promise<string> | null = null;

/**
 * The page's side, bundled once per test process by Vite (Rolldown), as electron-vite bundles the
 * real preload: esbuild kept every zod locale (~380 KB of an 819 KB script, zod#6050), which the
 * page then fetched and parsed before the app's first script.
 */
function bridgeScript(): Promise<string> {
  bundled ??= build({
    configFile: false,
    logLevel: 'warn',
    mode: 'production',
    build: {
      write: false,
      target: 'es2022',
      minify: false,
      lib: {
        entry: new URL('./http-transport.ts', import.meta.url).pathname,
        formats: ['iife'],
        // Vite asks for a global name for an IIFE; the script exports nothing, so none is made.
        name: 'checkoutConsoleTestBridge',
      },
    },
  }).then((result) => {
    const outputs = Array.isArray(result) ? result : [result];
    const chunk = outputs
      .flatMap((o) => ('output' in o ? o.output : []))
      .find((o) => o.type === 'chunk');
    if (!chunk) throw new Error('The test bridge script did not build.');
    return chunk.code;
  });
  return bundled;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new Error('body too large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Security-Policy': TEST_CSP,
    'Cache-Control': 'no-store',
  });
  res.end(body);
}

function sendJson(res: ServerResponse, value: unknown): void {
  // Always 200: a failed call is an envelope, and a 4xx would print a console
  // error in the page that the browser helper treats as a test failure.
  send(res, 200, 'application/json; charset=utf-8', JSON.stringify(value));
}

export async function startHttpBridge(options: HttpBridgeOptions): Promise<HttpBridge> {
  const root = resolve(options.rendererDir);
  const clientScript = await bridgeScript();
  const streams = new Set<ServerResponse>();
  const streamWaiters: Array<() => void> = [];

  async function handleRpc(req: IncomingMessage, res: ServerResponse, name: string) {
    let input: unknown;
    try {
      const body = await readBody(req);
      input = body === '' ? {} : (JSON.parse(body) as unknown);
    } catch {
      sendJson(res, {
        ok: false,
        error: { code: 'invalid_input', message: 'The request body is not JSON.' },
      });
      return;
    }
    sendJson(res, await options.console.dispatch(name, input));
  }

  function handleEvents(req: IncomingMessage, res: ServerResponse) {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
    });
    res.write(': connected\n\n');
    streams.add(res);
    const stop = options.console.onAny((name, payload) => {
      res.write(`data: ${JSON.stringify({ name, payload })}\n\n`);
      // Out now, as Electron's webContents.send sends: a write waits for the next tick, after
      // whatever else main has queued in this turn (a sale's processing, the outbox's claim).
      res.socket?.uncork();
    });
    req.on('close', () => {
      stop();
      streams.delete(res);
    });
    for (const wake of streamWaiters.splice(0)) wake();
  }

  async function handleStatic(res: ServerResponse, pathname: string) {
    const relative = pathname === '/' ? 'index.html' : decodeURIComponent(pathname.slice(1));
    const file = normalize(join(root, relative));
    if (file !== root && !file.startsWith(root + sep))
      return send(res, 403, 'text/plain', 'Forbidden');
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      return send(res, 404, 'text/plain; charset=utf-8', 'Not found');
    }
    const type = contentTypes[extname(file)] ?? 'application/octet-stream';
    if (extname(file) === '.html' && options.injectBridge !== false) {
      return send(res, 200, type, injectBridgeScript(body.toString('utf8')));
    }
    send(res, 200, type, body);
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { pathname } = new URL(req.url ?? '/', 'http://127.0.0.1');
    const rpc = /^\/__rpc\/([^/]+)$/.exec(pathname);
    if (req.method === 'POST' && rpc?.[1]) return handleRpc(req, res, decodeURIComponent(rpc[1]));
    if (req.method !== 'GET') return send(res, 405, 'text/plain', 'Method not allowed');
    if (pathname === '/__events') return handleEvents(req, res);
    if (pathname === '/__bridge.js') return send(res, 200, JS_TYPE, clientScript);
    return handleStatic(res, pathname);
  }

  const server = createServer((req, res) => {
    route(req, res).catch((e: unknown) => {
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', String(e));
      else res.destroy();
    });
  });

  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => done());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/`,
    waitForEventClients(count = 1) {
      return new Promise<void>((done) => {
        const check = () => (streams.size >= count ? done() : streamWaiters.push(check));
        check();
      });
    },
    async close() {
      for (const stream of streams) stream.end();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}
