// A loopback "reverse proxy" for manual public-URL mode that can hold webhook deliveries, so a
// test decides whether sync or the webhook reports a sale first.
import { createServer, request, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HoldingProxy {
  origin: string;
  /** Requests held so far (POSTs while holding). */
  held(): number;
  hold(): void;
  release(): void;
  close(): Promise<void>;
}

export async function startHoldingProxy(target: () => number): Promise<HoldingProxy> {
  let holding = false;
  let waiting: Array<() => void> = [];
  const forward = (req: IncomingMessage, body: Buffer, res: import('node:http').ServerResponse) => {
    const out = request(
      {
        host: '127.0.0.1',
        port: target(),
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    out.on('error', () => res.writeHead(502).end());
    out.end(body);
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const go = () => forward(req, Buffer.concat(chunks), res);
      if (holding && req.method === 'POST') waiting.push(go);
      else go();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    held: () => waiting.length,
    hold: () => {
      holding = true;
    },
    release: () => {
      holding = false;
      const go = waiting;
      waiting = [];
      for (const fn of go) fn();
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
