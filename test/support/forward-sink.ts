// A merchant's forward endpoint on loopback for delivery tests and benches: records every POST
// with its Idempotency-Key, can answer the next N with an error or never answer them (a hang),
// and counts keys it accepted more than once (what a real endpoint would dedupe).
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pollUntil } from './poll';

export interface ForwardDelivery {
  target: string;
  headers: IncomingHttpHeaders;
  /** Raw body, byte for byte (a signature is computed over it). */
  body: string;
  idempotencyKey: string | null;
  /** What the sink answered; null for a request it left hanging. */
  status: number | null;
  at: number;
}

export interface ForwardSink {
  /** 'http://127.0.0.1:PORT' + path (default '/deliver'). */
  url(path?: string): string;
  /** Every POST received, oldest first. */
  received(): ForwardDelivery[];
  /** Idempotency keys answered 2xx, with how many times each was (more than 1: a duplicate). */
  accepted(): Map<string, number>;
  /** The next `count` POSTs are answered `status` (default 500); afterwards 2xx again. */
  failNext(count: number, status?: number): void;
  /** The next `count` POSTs get no answer at all until the sink closes (a hanging endpoint). */
  hangNext(count: number): void;
  /** Resolves once at least `count` POSTs arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<ForwardDelivery[]>;
  close(): Promise<void>;
}

type Plan = { kind: 'status'; status: number } | { kind: 'hang' };

export async function startForwardSink(): Promise<ForwardSink> {
  const received: ForwardDelivery[] = [];
  const accepted = new Map<string, number>();
  const plans: Plan[] = [];
  const hanging = new Set<ServerResponse>();

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const header = req.headers['idempotency-key'];
      const key = typeof header === 'string' ? header : null;
      const plan = plans.shift() ?? { kind: 'status', status: 200 };
      const status = plan.kind === 'status' ? plan.status : null;
      received.push({
        target: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        idempotencyKey: key,
        status,
        at: Date.now(),
      });
      if (status === null) {
        hanging.add(res);
        res.once('close', () => hanging.delete(res));
        return;
      }
      if (key !== null && status < 300) accepted.set(key, (accepted.get(key) ?? 0) + 1);
      res.writeHead(status, { 'Content-Type': 'text/plain' }).end(status < 300 ? 'ok' : 'no');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: (path = '/deliver') => origin + path,
    received: () => [...received],
    accepted: () => new Map(accepted),
    failNext(count, status = 500) {
      for (let i = 0; i < count; i += 1) plans.push({ kind: 'status', status });
    },
    hangNext(count) {
      for (let i = 0; i < count; i += 1) plans.push({ kind: 'hang' });
    },
    waitFor: (count, timeoutMs = 30_000) =>
      pollUntil(`${count} forwarded deliveries`, () => received.length >= count && [...received], {
        timeoutMs,
      }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
