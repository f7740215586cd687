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
}

/** A request whose headers arrive at once and whose body then comes one byte every 200 ms. */
function drip(port: number, method: string, path: string): Drip {
  const socket = connect(port, '127.0.0.1');
  let answer = '';
  let closed = false;
  socket.on('error', () => undefined);
  const started = new Promise<void>((resolve) =>
    socket.on('data', (d) => {
      answer += d.toString();
      if (answer.startsWith('HTTP/1.1 100')) resolve();
    }),
  );
  const timer = setInterval(() => {
    if (socket.writable) socket.write('x');
  }, 200);
  socket.once('connect', () => {
    socket.write(
      `${method} ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n` +
        `Expect: 100-continue\r\nContent-Length: 100000\r\n\r\n{`,
    );
  });
  const done = new Promise<string>((resolve) =>
    socket.once('close', () => {
      clearInterval(timer);
      closed = true;
      resolve(answer);
    }),
  );
  return { socket, started, closed: done, isClosed: () => closed };
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

  it('stores and answers a signed delivery while trickled bodies hold every connection slot', async () => {
    const rig = await startRig(tmp, { limits: { maxConnections: 20 } });
    const drips = Array.from({ length: 20 }, () =>
      drip(rig.receiver.port, 'POST', `/hooks/${rig.token}`),
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

  it('stores a delivery whose body arrives slowly but steadily', async () => {
    const rig = await startRig(tmp);
    const body = succeededBody({ session: 4302 });
    const pieces = [0, 1, 2, 3, 4].map((i) =>
      body.slice((i * body.length) / 5, ((i + 1) * body.length) / 5),
    );
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
      // One piece every 1.5 s: the whole body takes 6 s, each gap well under the idle bound.
      for (const piece of pieces) {
        socket.write(piece);
        if (piece !== pieces.at(-1)) await new Promise((r) => setTimeout(r, 1_500));
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
