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
 * After this long a body must have arrived at `DEFAULT_BODY_MIN_BYTES_PER_SECOND` on average
 * (counted from when its headers were read), else 408. A trickle of a byte every few seconds kept
 * under the idle bound and held a connection (through the tunnel: one of its ~10 sockets) for the
 * whole request timeout.
 */
export const DEFAULT_BODY_GRACE_MS = 1_000;
/**
 * 4 KiB/s (32 kbit/s). A sender at a steady S passes while S·t >= 4 KiB/s·(t − 1 s): a 4 KiB event
 * needs S >= 2 KiB/s, a 64 KiB one S >= 3.8 KiB/s (the 10 s request timeout already asks 6.4 KiB/s
 * of it). A pause is fine as long as the bytes before it cover it. A sender who keeps a socket for
 * the whole request timeout now has to send 4 KiB every second on it, not one byte every 5 s.
 */
export const DEFAULT_BODY_MIN_BYTES_PER_SECOND = 4 * 1024;

export interface BodyPace {
  /** No byte for this long: 408. */
  idleMs: number;
  /** From this long after the headers, at least `minBytesPerSecond` on average; 0: no rate rule. */
  graceMs: number;
  minBytesPerSecond: number;
}

export const DEFAULT_BODY_PACE: BodyPace = {
  idleMs: DEFAULT_BODY_IDLE_MS,
  graceMs: DEFAULT_BODY_GRACE_MS,
  minBytesPerSecond: DEFAULT_BODY_MIN_BYTES_PER_SECOND,
};

/** A body being read, as the sweep sees it. */
interface Reading {
  pace: BodyPace;
  /** performance.now() when reading began. */
  start: number;
  /** Bytes received so far (set by the reader), and as of the sweep's last look. */
  size: number;
  seen: number;
  /** The sweep's clock when it last saw `size` grow (or reading began). */
  progressed: number;
  stalled(): void;
}

/**
 * How often the sweep looks at the bodies being read. A 408 comes at most this much (plus the
 * event loop's delay) after its bound, never before it.
 */
const SWEEP_MS = 100;
const readings = new Set<Reading>();
let sweeper: NodeJS.Timeout | undefined;
/** When the sweep last ran (or was started). */
let lastSweep = 0;

/**
 * One unref'd interval for every body being read, running only while there are some: it was a
 * timer per request, refreshed per chunk. A chunk only adds to its reading's size; the sweep notes
 * when a size last grew (its own clock, so a gap is never measured longer than it was) and gives
 * up on a body with no new byte for the idle bound or, past the grace period, below the rate.
 */
function sweep(): void {
  if (readings.size === 0) {
    clearInterval(sweeper);
    sweeper = undefined;
    return;
  }
  const now = performance.now();
  // A sweep running late means this thread's event loop was stalled (a long synchronous turn):
  // the bytes sent meanwhile are still waiting to be read, and the timers run before they are.
  // That time is ours, not the sender's: every body's clocks move past it, and it is judged on
  // what arrives after.
  const lag = now - lastSweep - SWEEP_MS;
  lastSweep = now;
  for (const r of readings) {
    if (lag > SWEEP_MS) {
      r.start += lag;
      r.progressed += lag;
    }
    if (r.size !== r.seen) {
      r.seen = r.size;
      r.progressed = now;
    } else if (now - r.progressed >= r.pace.idleMs) {
      r.stalled();
      continue;
    }
    const paced = now - r.start - r.pace.graceMs;
    if (paced > 0 && r.size < (r.pace.minBytesPerSecond * paced) / 1000) r.stalled();
  }
}

/**
 * Reads the body up to `limit` bytes; past it the rest is discarded (bounded) and 413 reported.
 * A body with no byte for `pace.idleMs`, or (after `pace.graceMs`) arriving slower than
 * `pace.minBytesPerSecond` on average, is given up: 408. A number is the idle bound alone.
 */
export function readBody(
  req: IncomingMessage,
  limit: number,
  pace: BodyPace | number = DEFAULT_BODY_PACE,
): Promise<BodyResult> {
  return new Promise((resolve) => {
    const declared = Number(req.headers['content-length'] ?? NaN);
    const chunks: Buffer[] = [];
    let tooLarge = Number.isFinite(declared) && declared > limit;
    let settled = false;
    const start = performance.now();
    const reading: Reading = {
      pace: typeof pace === 'number' ? { idleMs: pace, graceMs: 0, minBytesPerSecond: 0 } : pace,
      start,
      size: 0,
      seen: 0,
      progressed: start,
      stalled: () => finish({ ok: false, status: 408 }),
    };
    const finish = (r: BodyResult) => {
      if (settled) return;
      settled = true;
      readings.delete(reading);
      resolve(r);
    };
    if (tooLarge) finish({ ok: false, status: 413 });
    else {
      readings.add(reading);
      if (!sweeper) {
        lastSweep = performance.now();
        sweeper = setInterval(sweep, SWEEP_MS).unref();
      }
    }
    req.on('data', (chunk: Buffer) => {
      const size = (reading.size += chunk.length);
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
