// The merchant connects the same account again with a new API key (the old one was rolled in
// Quaderno): live must go on with the new key, not keep the client it started with.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { liveStatus, useRig } from '../../support/live-rig';
import { useTempDir } from '../../support/temp-dir';
import { waitFor } from '../sync/helpers';

const tmp = useTempDir();
const rig = useRig(tmp);

/** Forwards to the sandbox only calls made with `current` (sent on as the sandbox's key). */
async function keyCheckingProxy(target: string, sandboxKey: string) {
  const state = { current: 'sk_test_rotationkey0001' };
  const server = createServer((req, res) => {
    const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
    const key = Buffer.from(basic, 'base64').toString().split(':')[0];
    if (key !== state.current) {
      res.writeHead(401, { 'Content-Type': 'application/json' });
      return void res.end('{"error":"Wrong API key"}');
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      fetch(new URL(req.url ?? '/', target), {
        method: req.method ?? 'GET',
        headers: {
          authorization: `Basic ${Buffer.from(`${sandboxKey}:`).toString('base64')}`,
          'content-type': req.headers['content-type'] ?? 'application/json',
        },
        ...(body.length > 0 ? { body } : {}),
      })
        .then(async (answer) => {
          res.writeHead(answer.status, { 'Content-Type': 'application/json' });
          res.end(await answer.text());
        })
        .catch(() => res.writeHead(502).end());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  rig.later(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const { port } = server.address() as AddressInfo;
  return { apiUrl: `http://127.0.0.1:${port}/api/`, state };
}

describe('an account connected again with a new key while live runs', { timeout: 90_000 }, () => {
  it('syncs with the new key', async () => {
    const sb = await rig.sandbox({ rateLimit: { limit: 100_000, windowMs: 1000 } });
    const proxy = await keyCheckingProxy(sb.origin, sb.apiKey);
    const cc = await rig.console(null);
    await cc.invoke('accounts.add', { account: proxy.apiUrl, apiKey: proxy.state.current });
    await waitFor('the webhook registered', async () => {
      const st = await liveStatus(cc);
      return st.webhook.state === 'registered' && st;
    });

    proxy.state.current = 'sk_test_rotationkey0002';
    await cc.invoke('accounts.add', { account: proxy.apiUrl, apiKey: proxy.state.current });

    const result = await cc.invoke('sync.run', {});
    expect(result.finishedAt).toEqual(expect.any(String));
  });
});
