import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  method: string;
  /** Path and query exactly as received. */
  target: string;
  headers: IncomingHttpHeaders;
  /** Raw body, byte for byte as sent (signatures are computed over it). */
  body: string;
  at: number;
}

export interface WebhookSink {
  /** 'http://127.0.0.1:PORT' */
  origin: string;
  /** origin + path (default '/hooks'). */
  url(path?: string): string;
  /** Every POST received, oldest first. */
  received(): ReceivedWebhook[];
  /** How many HEAD requests arrived (Quaderno's reachability check). */
  headCount(): number;
  /** Status for HEAD requests (default 200). */
  setHeadStatus(status: number): void;
  /** Statuses for the next POSTs, consumed in order; afterwards 200. */
  queueResponses(...statuses: number[]): void;
  /** Resolves once at least `count` POSTs arrived; rejects after `timeoutMs` (default 15 s). */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedWebhook[]>;
  close(): Promise<void>;
}

/** A loopback receiver that records every webhook, for sandbox tests and anyone else's. */
export async function startWebhookSink(): Promise<WebhookSink> {
  const received: ReceivedWebhook[] = [];
  const queued: number[] = [];
  const waiters = new Set<() => void>();
  let heads = 0;
  let headStatus = 200;

  const server = createServer((req, res) => {
    if (req.method === 'HEAD') {
      heads += 1;
      res.writeHead(headStatus).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({
        method: req.method ?? 'GET',
        target: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
      });
      const status = queued.shift() ?? 200;
      res.writeHead(status, { 'Content-Type': 'text/plain' }).end(status < 300 ? 'ok' : 'no');
      for (const wake of [...waiters]) wake();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    origin,
    url: (path = '/hooks') => origin + path,
    received: () => [...received],
    headCount: () => heads,
    setHeadStatus: (status) => {
      headStatus = status;
    },
    queueResponses: (...statuses) => {
      queued.push(...statuses);
    },
    waitFor(count, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          if (received.length < count) return;
          cleanup();
          resolve([...received]);
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`expected ${count} webhooks, got ${received.length}`));
        }, timeoutMs);
        const cleanup = (): void => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
