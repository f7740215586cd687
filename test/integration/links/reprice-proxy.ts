// A stand-in for a Quaderno that reads price overrides in a way the console cannot explain:
// forwards everything to the sandbox, but multiplies each item `amount` a session write (of the
// given methods) sends.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const SESSION_WRITE = /\/checkout\/sessions(\/\d+)?(\.json)?$/;
const BODY_LIMIT = 1_000_000;

function reprice(text: string, factor: number): string {
  const body = JSON.parse(text) as { items?: Array<{ amount?: number }> };
  for (const item of body.items ?? []) {
    if (typeof item.amount === 'number') item.amount *= factor;
  }
  return JSON.stringify(body);
}

export async function reproxy(
  target: string,
  factor: number,
  methods: readonly string[] = ['POST', 'PUT'],
  /** Rewrites an answer's text on its way back (default: as the sandbox sent it). */
  rewriteAnswer: (method: string, path: string, text: string) => string = (_m, _p, text) => text,
): Promise<{ apiUrl: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > BODY_LIMIT) req.destroy();
      else chunks.push(chunk);
    });
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const method = req.method ?? 'GET';
      let body: string | undefined = Buffer.concat(chunks).toString('utf8');
      if (methods.includes(method) && SESSION_WRITE.test(url.pathname) && body) {
        body = reprice(body, factor);
      }
      if (method === 'GET' || method === 'HEAD' || body === '') body = undefined;
      const headers: Record<string, string> = { authorization: req.headers.authorization ?? '' };
      if (req.headers['content-type']) headers['content-type'] = req.headers['content-type'];
      if (req.headers.accept) headers.accept = req.headers.accept;
      fetch(new URL(`${url.pathname}${url.search}`, target), {
        method,
        headers,
        ...(body === undefined ? {} : { body }),
      })
        .then(async (answer) => {
          const text = await answer.text();
          const out: Record<string, string> = {};
          answer.headers.forEach((v, k) => {
            if (k === 'content-type' || k.startsWith('x-')) out[k] = v;
          });
          res.writeHead(answer.status, out).end(rewriteAnswer(method, url.pathname, text));
        })
        .catch(() => res.writeHead(502).end());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    apiUrl: `http://127.0.0.1:${port}/api/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
