// readBody gives up on a body that stops arriving or trickles in below the minimum rate, not on
// one that arrives slowly but at that rate.
import { createServer, type Server } from 'node:http';
import { execFile } from 'node:child_process';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { readBody, type BodyPace } from '../../../main/receiver/http';
import { z } from 'zod';

const IDLE_MS = 1_000;
let server: Server | undefined;
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

/** A server answering with what readBody made of the body: its status, or 200 and the body. */
async function startEcho(pace: BodyPace | number = IDLE_MS): Promise<number> {
  server = createServer((req, res) => {
    void readBody(req, 1024, pace).then((r) => {
      res.writeHead(r.ok ? 200 : r.status, { Connection: 'close' });
      res.end(r.ok ? r.body : '');
    });
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
  return z.object({ port: z.number().int() }).parse(server!.address()).port;
}

/**
 * Sends the head declaring `length`, then each piece after a pause, until the server closes the
 * connection; resolves with the answer and how many pieces were still unsent then.
 */
async function exchange(
  port: number,
  length: number,
  pieces: string[],
  pauseMs: number,
): Promise<{ answer: string; unsent: number }> {
  let sent = 0;
  const answer = await new Promise<string>((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    socket.on('data', (d) => (text += d.toString()));
    socket.on('close', () => resolve(text));
    socket.on('error', reject);
    socket.once('connect', async () => {
      socket.write(`POST / HTTP/1.1\r\nHost: x\r\nContent-Length: ${length}\r\n\r\n`);
      for (const piece of pieces) {
        if (socket.destroyed) return;
        socket.write(piece);
        sent += 1;
        await new Promise((r) => setTimeout(r, pauseMs));
      }
    });
  });
  return { answer, unsent: pieces.length - sent };
}

describe('readBody', () => {
  it('answers 408 once a body sends nothing for the idle bound', async () => {
    const port = await startEcho();
    // Ten bytes declared, five sent: the rest never comes.
    const { answer } = await exchange(port, 10, ['{"a":'], 0);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });

  it('reads a body whose pieces keep coming, however long the whole takes', async () => {
    const port = await startEcho();
    const pieces = Array.from({ length: 8 }, (_, i) => `${i}`.repeat(10));
    // Eight pieces 150 ms apart: the whole takes longer than the idle bound, no gap does.
    const { answer } = await exchange(port, 80, pieces, 150);
    expect(answer).toMatch(/^HTTP\/1\.1 200/);
    expect(answer).toContain(pieces.join(''));
  });

  // 100 bytes a second from 300 ms after the headers: the 8 pieces below take about 1 s.
  const paced: BodyPace = { idleMs: IDLE_MS, graceMs: 300, minBytesPerSecond: 100 };

  it('answers 408 to a body that keeps coming below the minimum rate, before it has all come', async () => {
    const port = await startEcho(paced);
    // A byte every 150 ms (under 7 bytes a second), no gap near the idle bound; the sender
    // would need 80 × 150 ms to finish, and is cut off long before.
    const pieces = Array.from({ length: 80 }, (_, i) => `${i % 10}`);
    const { answer, unsent } = await exchange(port, 80, pieces, 150);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(unsent).toBeGreaterThan(0);
  });

  it('reads a body that arrives at the minimum rate', async () => {
    const port = await startEcho(paced);
    // 20 bytes every 150 ms: about 130 bytes a second.
    const pieces = Array.from({ length: 8 }, (_, i) => `${i}`.repeat(20));
    const { answer } = await exchange(port, 160, pieces, 150);
    expect(answer).toMatch(/^HTTP\/1\.1 200/);
    expect(answer).toContain(pieces.join(''));
  });

  it('does not count a stall of its own event loop against a sender whose body came in time', async () => {
    // The handler blocks the loop 1.5 s right after the headers (a long synchronous turn); the
    // body is sent 300 ms after them, by another process, so it waits in the kernel meanwhile.
    // When the loop is free, a sweep due since then must not judge the rate by that time.
    server = createServer((req, res) => {
      void readBody(req, 1024, paced).then((r) => {
        res.writeHead(r.ok ? 200 : r.status, { Connection: 'close' });
        res.end(r.ok ? r.body : '');
      });
      const until = performance.now() + 1_500;
      while (performance.now() < until); // the stall under test, not a wait for an outcome
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
    const { port } = z.object({ port: z.number().int() }).parse(server.address());
    const body = 'x'.repeat(100);
    const client = `const s = require('node:net').connect(${port}, '127.0.0.1');
      let text = ''; s.on('data', (d) => (text += d)); s.on('close', () => process.stdout.write(text));
      s.write('POST / HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: ${body.length}\\r\\n\\r\\n');
      setTimeout(() => s.write('${body}'), 300);`;
    const answer = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, ['-e', client], { timeout: 20_000 }, (e, out) =>
        e ? reject(e) : resolve(out),
      ),
    );
    expect(answer).toMatch(/^HTTP\/1\.1 200/);
    expect(answer).toContain(body);
  });
});
