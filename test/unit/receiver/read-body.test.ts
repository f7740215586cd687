// readBody gives up on a body that stops arriving, not on one that arrives slowly.
import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { readBody } from '../../../main/receiver/http';
import { z } from 'zod';

const IDLE_MS = 1_000;
let server: Server | undefined;
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

/** A server answering with what readBody made of the body: its status, or 200 and the body. */
async function startEcho(): Promise<number> {
  server = createServer((req, res) => {
    void readBody(req, 1024, IDLE_MS).then((r) => {
      res.writeHead(r.ok ? 200 : r.status, { Connection: 'close' });
      res.end(r.ok ? r.body : '');
    });
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
  return z.object({ port: z.number().int() }).parse(server!.address()).port;
}

/** Sends the head declaring `length`, then each piece after a pause; resolves with the answer. */
function exchange(
  port: number,
  length: number,
  pieces: string[],
  pauseMs: number,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (d) => (answer += d.toString()));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
    socket.once('connect', async () => {
      socket.write(`POST / HTTP/1.1\r\nHost: x\r\nContent-Length: ${length}\r\n\r\n`);
      for (const piece of pieces) {
        socket.write(piece);
        await new Promise((r) => setTimeout(r, pauseMs));
      }
    });
  });
}

describe('readBody', () => {
  it('answers 408 once a body sends nothing for the idle bound', async () => {
    const port = await startEcho();
    // Ten bytes declared, five sent: the rest never comes.
    const answer = await exchange(port, 10, ['{"a":'], 0);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });

  it('reads a body whose pieces keep coming, however long the whole takes', async () => {
    const port = await startEcho();
    const pieces = Array.from({ length: 8 }, (_, i) => `${i}`.repeat(10));
    // Eight pieces 150 ms apart: the whole takes longer than the idle bound, no gap does.
    const answer = await exchange(port, 80, pieces, 150);
    expect(answer).toMatch(/^HTTP\/1\.1 200/);
    expect(answer).toContain(pieces.join(''));
  });
});
