// Slow or junk requests must not hold the receiver's connections. Through localtunnel every
// request holds one of the tunnel's few sockets (typically 10), so a handful of requests that
// trickle a body, to any path, could otherwise block every real delivery until the request
// timeout and renew the block as often as they like.
import { connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { signWebhook } from '../../../main/receiver';
import { useTempDir } from '../../support/temp-dir';
import { deliver, eventually, startRig, succeededBody } from './helpers';

const tmp = useTempDir('cc-receiver-slow-');

interface Drip {
  socket: Socket;
  /** The server has read the request's headers (it asked for the body: 100 Continue). */
  started: Promise<void>;
  /** Everything the server wrote, once it closed the connection. */
  closed: Promise<string>;
  isClosed(): boolean;
  /** Body bytes the sender had still to send (0: it sent the whole body). */
  unsent(): number;
}

/**
 * A request whose headers arrive at once and whose body (`length` bytes: `{` and then `x`s) then
 * comes `bytes` at a time every 200 ms: by default one byte of 100,000, far below the rate the
 * receiver asks of a body (4 KiB/s after the first second).
 */
function drip(
  port: number,
  method: string,
  path: string,
  { length = 100_000, bytes = 1 }: { length?: number; bytes?: number } = {},
): Drip {
  const socket = connect(port, '127.0.0.1');
  let answer = '';
  let closed = false;
  let left = length - 1;
  socket.on('error', () => undefined);
  const started = new Promise<void>((resolve) =>
    socket.on('data', (d) => {
      answer += d.toString();
      if (answer.startsWith('HTTP/1.1 100')) resolve();
    }),
  );
  const timer = setInterval(() => {
    if (!socket.writable || left === 0) return;
    const n = Math.min(bytes, left);
    socket.write('x'.repeat(n));
    left -= n;
  }, 200);
  socket.once('connect', () => {
    socket.write(
      `${method} ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n` +
        `Expect: 100-continue\r\nContent-Length: ${length}\r\n\r\n{`,
    );
  });
  const done = new Promise<string>((resolve) =>
    socket.once('close', () => {
      clearInterval(timer);
      closed = true;
      resolve(answer);
    }),
  );
  return { socket, started, closed: done, isClosed: () => closed, unsent: () => left };
}

/** Resolves with what the server answered once it closed, or null if it did not within the bound. */
function closedWithin(d: Drip, ms: number): Promise<string | null> {
  return Promise.race([d.closed, new Promise<null>((r) => setTimeout(() => r(null), ms).unref())]);
}

describe('receiver against slow senders', () => {
  it.each([
    ['an unknown path', 'POST', '/'],
    ['an unknown token', 'POST', `/hooks/${'z'.repeat(32)}`],
  ])(
    'answers a body trickled to %s with 404 and closes its connection long before the request timeout',
    async (_what, method, path) => {
      const rig = await startRig(tmp);
      const d = drip(rig.receiver.port, method, path);
      try {
        const answer = await closedWithin(d, 8_000);
        expect(answer).toMatch(/^(HTTP\/1\.1 100 Continue\r\n\r\n)?HTTP\/1\.1 404/);
      } finally {
        d.socket.destroy();
      }
    },
  );

  it('answers a body trickled with a method other than POST with 405 and closes its connection', async () => {
    const rig = await startRig(tmp);
    const d = drip(rig.receiver.port, 'PUT', `/hooks/${rig.token}`);
    try {
      const answer = await closedWithin(d, 8_000);
      expect(answer).toMatch(/^(HTTP\/1\.1 100 Continue\r\n\r\n)?HTTP\/1\.1 405/);
    } finally {
      d.socket.destroy();
    }
  });

  it('answers a HEAD that trickles a body with 200 and closes its connection', async () => {
    const rig = await startRig(tmp);
    const d = drip(rig.receiver.port, 'HEAD', `/hooks/${rig.token}`);
    try {
      const answer = await closedWithin(d, 8_000);
      expect(answer).toMatch(/^(HTTP\/1\.1 100 Continue\r\n\r\n)?HTTP\/1\.1 200/);
    } finally {
      d.socket.destroy();
    }
  });

  it('answers a body trickled to the hook below the minimum rate with 408 and closes its connection before the sender is done', async () => {
    const rig = await startRig(tmp);
    // 41 bytes, one every 200 ms: all of it would be sent within the 10 s request timeout (and
    // the connection held for all of it), each gap far under the 5 s idle bound.
    const d = drip(rig.receiver.port, 'POST', `/hooks/${rig.token}`, { length: 41 });
    try {
      const answer = await closedWithin(d, 20_000);
      expect(answer).toMatch(/^(HTTP\/1\.1 100 Continue\r\n\r\n)?HTTP\/1\.1 408/);
      expect(d.unsent()).toBeGreaterThan(0);
      expect(rig.store.events.count(rig.accountId)).toBe(0);
    } finally {
      d.socket.destroy();
    }
  });

  it('stores and answers a signed delivery while trickled bodies hold every connection slot', async () => {
    const rig = await startRig(tmp, { limits: { maxConnections: 20 } });
    // Each at 5 KiB/s, above the minimum rate: the cap, not the rate rule, must make room.
    const drips = Array.from({ length: 20 }, () =>
      drip(rig.receiver.port, 'POST', `/hooks/${rig.token}`, { bytes: 1024 }),
    );
    try {
      // Every slot is taken by a request still sending its body before the real one comes.
      await Promise.all(drips.map((d) => d.started));
      expect(drips.filter((d) => d.isClosed())).toEqual([]);
      const body = succeededBody({ session: 4301 });
      const answer = await deliver(rig, body);
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toEqual({ received: true, duplicate: false });
      await eventually(() => rig.store.fulfillments.bySession(rig.accountId, 4301));
    } finally {
      for (const d of drips) d.socket.destroy();
    }
  });

  it('stores a delivery whose body arrives slowly but steadily at the minimum rate', async () => {
    const rig = await startRig(tmp);
    // A 16 KiB event (JSON padded with trailing spaces) in 1 KiB pieces every 250 ms: 4 KiB/s,
    // the least the receiver asks of a body after its first second; the whole takes ~4 s, longer
    // than that first second, and no gap comes near the idle bound.
    const event = succeededBody({ session: 4302 });
    const body = event + ' '.repeat(16 * 1024 - Buffer.byteLength(event));
    const pieces = Array.from({ length: 16 }, (_, i) => body.slice(i * 1024, (i + 1) * 1024));
    const socket = connect(rig.receiver.port, '127.0.0.1');
    socket.on('error', () => undefined);
    let answer = '';
    socket.on('data', (d) => (answer += d.toString()));
    try {
      await new Promise<void>((r) => socket.once('connect', () => r()));
      socket.write(
        `POST /hooks/${rig.token} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n` +
          `X-Quaderno-Signature: ${signWebhook(rig.authKey, rig.url, body)}\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n`,
      );
      for (const [i, piece] of pieces.entries()) {
        if (i > 0) await new Promise((r) => setTimeout(r, 250));
        socket.write(piece);
      }
      await eventually(() => /\r\n\r\n\{.*\}$/s.test(answer), 10_000);
      expect(answer).toMatch(/^HTTP\/1\.1 200/);
      expect(answer).toContain('"received":true');
      expect(rig.store.events.count(rig.accountId, 'valid')).toBe(1);
    } finally {
      socket.destroy();
    }
  });
});
