// What a tunnel server's handshake may decide for us, and what it may not. The server is chosen
// by the merchant (--tunnel-host, Settings) but is still someone else's machine: its answer
// names the URL registered as the webhook, how many sockets we open and where they go.
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

/** A handshake is a few hundred bytes of JSON; a server answering more is not reading it whole. */
export const MAX_HANDSHAKE_BYTES = 64 * 1024;

/**
 * Pipes held open to the server. localtunnel's own server offers 10 and a pipe carries one
 * request at a time, so 10 is already more than a merchant's webhooks need at once; a server
 * asking for thousands would have us open thousands of sockets here and on the receiver.
 */
export const MAX_PIPES = 10;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

function hostnameOf(url: string): string | null {
  try {
    return new URL(url).hostname;
  } catch {
    return null;
  }
}

/**
 * Why `publicUrl` must not become the webhook's base, or null when it may. The receiver's
 * `/hooks/<token>` is appended to it, so anything but a bare origin would garble that path or
 * send the token elsewhere; plain http is accepted only on loopback (the tests' tunnel server,
 * the sandbox), since Quaderno wants https (docs/quaderno-api.md, "HTTPS only").
 */
export function publicUrlProblem(publicUrl: string, tunnelHost: string): string | null {
  let url: URL;
  try {
    url = new URL(publicUrl);
  } catch {
    return 'it is not a URL';
  }
  const loopback = LOOPBACK.has(url.hostname) && LOOPBACK.has(hostnameOf(tunnelHost) ?? '');
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    return 'it is not an https:// address';
  }
  if (url.username || url.password) return 'it carries a user name or password';
  if (url.pathname !== '/') return 'it has a path after the host';
  if (publicUrl.includes('?')) return 'it has a query (?…)';
  if (publicUrl.includes('#')) return 'it has a fragment (#…)';
  return null;
}

export type LookupAll = (hostname: string) => Promise<string[]>;

const lookupAll: LookupAll = async (hostname) =>
  (await lookup(hostname, { all: true })).map((a) => a.address);

/**
 * The address the pipes connect to. localtunnel's `ip` pins the pipes to the one machine holding
 * the tunnel when the host name resolves to several; it is taken only when it is one of the
 * tunnel host's own addresses, since otherwise the server could aim our sockets at any machine
 * (the LAN, a third party). Anything else is dropped and the pipes go to the host, as they do
 * when the server sends no `ip`.
 */
export async function pipeAddress(
  ip: string | undefined,
  tunnelHost: string,
  resolve: LookupAll = lookupAll,
): Promise<string | undefined> {
  if (ip === undefined || isIP(ip) === 0) return undefined;
  const hostname = hostnameOf(tunnelHost)?.replace(/^\[(.*)\]$/, '$1');
  if (!hostname) return undefined;
  if (hostname === ip) return ip;
  if (isIP(hostname) !== 0) return undefined;
  const addresses: string[] = await resolve(hostname).catch(() => []);
  return addresses.includes(ip) ? ip : undefined;
}
