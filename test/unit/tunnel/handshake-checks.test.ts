// The handshake checks on their own: what a tunnel server's answer may make us register or dial.
import { describe, expect, it } from 'vitest';
import { pipeAddress, publicUrlProblem } from '../../../main/tunnel/handshake-checks';

describe('publicUrlProblem', () => {
  it('refuses a plain http public URL from a tunnel server that is not on this machine', () => {
    // A remote server answering a loopback address would have us register http:// with Quaderno.
    expect(publicUrlProblem('http://127.0.0.1:9', 'https://tunnel.example')).toBe(
      'it is not an https:// address',
    );
  });

  it('accepts a plain http public URL only when the tunnel server is on this machine too', () => {
    expect(publicUrlProblem('http://127.0.0.1:9', 'http://127.0.0.1:4000')).toBeNull();
    expect(publicUrlProblem('http://[::1]:9', 'http://localhost:4000')).toBeNull();
  });
});

describe('pipeAddress', () => {
  const failingLookup = () => Promise.reject(new Error('getaddrinfo ENOTFOUND tunnel.example'));

  it('drops the server’s ip, and lets the pipes go to the host, when the host does not resolve', async () => {
    await expect(pipeAddress('10.1.2.3', 'https://tunnel.example', failingLookup)).resolves.toBe(
      undefined,
    );
  });

  it('keeps an IPv6 ip that is the tunnel host’s own bracketed address, with nothing to resolve', async () => {
    const lookedUp: string[] = [];
    const lookup = (hostname: string) => {
      lookedUp.push(hostname);
      return Promise.resolve([]);
    };
    await expect(pipeAddress('::1', 'http://[::1]:4000', lookup)).resolves.toBe('::1');
    expect(lookedUp).toEqual([]);
  });
});
