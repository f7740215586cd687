// A loopback stand-in for Quaderno in front of the sandbox: each call goes on to the sandbox
// unless `intercept` answers it (or holds it) first. Tests use it to make one endpoint misbehave.
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ApiProxyOptions {
  /** Handles a call itself (answers, refuses or never answers it): true stops it going on. */
  intercept?: (req: IncomingMessage, res: ServerResponse, path: string) => boolean;
  /** Sent on in place of the caller's Authorization (the sandbox's own key). */
  authorization?: string;
}

export async function startApiProxy(
  target: string,
  later: (cleanup: () => Promise<void>) => void,
  options: ApiProxyOptions = {},
): Promise<{ apiUrl: string }> {
  const { port: targetPort } = new URL(target);
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (options.intercept?.(req, res, path)) return;
    const headers = { ...req.headers, host: `127.0.0.1:${targetPort}` };
    if (options.authorization) headers.authorization = options.authorization;
    const out = request(
      { host: '127.0.0.1', port: targetPort, method: req.method, path: req.url, headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    out.on('error', () => res.writeHead(502).end());
    req.pipe(out);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  later(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const { port } = server.address() as AddressInfo;
  return { apiUrl: `http://127.0.0.1:${port}/api/` };
}
