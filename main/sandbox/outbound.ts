import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface OutboundRequest {
  method: 'HEAD' | 'POST';
  url: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs: number;
  signal: AbortSignal;
}

/**
 * One request on its own connection (no agent, no keep-alive), so nothing the
 * sandbox sends outlives it or keeps a receiver's server from closing. The whole
 * exchange, answer included, ends within `timeoutMs`.
 */
export function sendOutbound(options: OutboundRequest): Promise<number> {
  return new Promise((resolve, reject) => {
    const url = new URL(options.url);
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const headers: Record<string, string> = {
      'User-Agent': 'Quaderno-Sandbox/1.0',
      ...options.headers,
    };
    if (options.body !== undefined)
      headers['Content-Length'] = String(Buffer.byteLength(options.body));
    const req = request(url, {
      method: options.method,
      headers,
      agent: false,
      timeout: options.timeoutMs,
      signal: options.signal,
    });
    const noAnswer = () => req.destroy(new Error(`no answer within ${options.timeoutMs} ms`));
    req.on('timeout', noAnswer);
    // The socket timeout only catches silence: a receiver sending a header line now and then
    // would hold the exchange (and a webhook POST waiting on its HEAD check) for hours.
    const deadline = setTimeout(noAnswer, options.timeoutMs);
    req.on('close', () => clearTimeout(deadline));
    req.on('error', reject);
    req.on('response', (res) => {
      // Only the status matters; drain the body so the socket can close.
      res.resume();
      res.on('error', () => undefined);
      resolve(res.statusCode ?? 0);
    });
    req.end(options.body);
  });
}

export function describeNetworkError(e: unknown): string {
  if (e instanceof Error) {
    const code = 'code' in e && typeof e.code === 'string' ? e.code : null;
    return code ?? e.message;
  }
  return String(e);
}
