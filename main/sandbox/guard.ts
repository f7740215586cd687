import type { IncomingMessage } from 'node:http';

/**
 * The sandbox listens on loopback, but a web page in the merchant's browser
 * can still reach it. A Host check stops DNS-rebinding pages from reading it,
 * and an Origin check stops other sites from posting to the unauthenticated
 * checkout page and control endpoints.
 */
export function createGuard(port: number): {
  hostAllowed(req: IncomingMessage): boolean;
  originAllowed(req: IncomingMessage): boolean;
} {
  const hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const origins = new Set([...hosts].map((h) => `http://${h}`));
  return {
    hostAllowed: (req) => req.headers.host === undefined || hosts.has(req.headers.host),
    originAllowed: (req) => req.headers.origin === undefined || origins.has(req.headers.origin),
  };
}
