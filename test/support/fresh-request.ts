// One HTTP request on a connection of its own: fetch's pool could reuse a socket a test has just
// broken, and fetch will not send a Host header of the test's choosing.
import { request } from 'node:http';

/** The status `url` answers one request with; the body is read and dropped. */
export function statusOnFreshConnection(
  url: string,
  options: { method?: string; headers?: Record<string, string> } = {},
): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ...options, agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}
