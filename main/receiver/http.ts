// Request plumbing for the receiver: bounded body reading and small JSON answers.
import type { IncomingMessage, ServerResponse } from 'node:http';

export const DEFAULT_BODY_LIMIT = 1024 * 1024;
/**
 * A body that sends no byte for this long is answered 408. A real one is a few KiB and arrives
 * in one piece, even through the tunnel; a trickle holds one of the tunnel's few sockets.
 */
export const DEFAULT_BODY_IDLE_MS = 5_000;
// A sender that keeps pushing past the limit is cut off rather than drained forever.
const DRAIN_LIMIT_FACTOR = 8;

export type BodyResult = { ok: true; body: Buffer } | { ok: false; status: 413 | 408 | 400 };

/** An answer's status, headers and text, made once and sent as often as needed. */
export interface Answer {
  status: number;
  headers: Readonly<Record<string, string>>;
  text: string;
}

export function answer(
  status: number,
  payload: Record<string, unknown> | null,
  headers: Record<string, string> = {},
): Answer {
  const text = payload === null ? '' : JSON.stringify(payload);
  return {
    status,
    text,
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': String(Buffer.byteLength(text)),
      'Cache-Control': 'no-store',
      ...headers,
    },
  };
}

/**
 * Sends an answer made by answer(). The ones every delivery gets are made once (server.ts):
 * built per request (text, length, a header object merged from two) they cost a microsecond
 * a request more, measured.
 */
export function reply(res: ServerResponse, a: Answer): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(a.status, a.headers);
  res.end(a.text);
}

export function send(
  res: ServerResponse,
  status: number,
  payload: Record<string, unknown> | null,
  headers: Record<string, string> = {},
): void {
  reply(res, answer(status, payload, headers));
}

/**
 * Answers a request that will not be read (wrong path or method, too large, busy, too slow) and
 * closes its connection: Node destroys the socket once a `Connection: close` answer is written.
 * Without it, Node went on reading a trickled body until the request timeout, and through the
 * tunnel every open request holds one of its few sockets.
 */
export function refuse(
  res: ServerResponse,
  status: number,
  payload: Record<string, unknown> | null,
  headers: Record<string, string> = {},
): void {
  send(res, status, payload, { ...headers, Connection: 'close' });
}

/**
 * Reads the body up to `limit` bytes; past it the rest is discarded (bounded) and 413 reported.
 * A body with no byte for `idleMs` is given up: 408.
 */
export function readBody(
  req: IncomingMessage,
  limit: number,
  idleMs = DEFAULT_BODY_IDLE_MS,
): Promise<BodyResult> {
  return new Promise((resolve) => {
    const declared = Number(req.headers['content-length'] ?? NaN);
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = Number.isFinite(declared) && declared > limit;
    let settled = false;
    let idle: NodeJS.Timeout | undefined;
    const finish = (r: BodyResult) => {
      clearTimeout(idle);
      if (settled) return;
      settled = true;
      resolve(r);
    };
    const stalled = () => finish({ ok: false, status: 408 });
    if (tooLarge) finish({ ok: false, status: 413 });
    else idle = setTimeout(stalled, idleMs);
    req.on('data', (chunk: Buffer) => {
      if (!settled) idle?.refresh();
      size += chunk.length;
      if (size > limit * DRAIN_LIMIT_FACTOR) req.destroy();
      if (tooLarge) return;
      if (size > limit) {
        tooLarge = true;
        chunks.length = 0;
        finish({ ok: false, status: 413 });
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => finish({ ok: true, body: Buffer.concat(chunks) }));
    req.on('error', () => finish({ ok: false, status: 400 }));
    req.on('close', () => finish({ ok: false, status: 400 }));
  });
}

const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie']);

/** Request headers as stored with the event (nothing that could carry a credential). */
export function storableHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (SECRET_HEADERS.has(name) || value === undefined) continue;
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}
