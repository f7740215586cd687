// The merchant connects the same account again with a new API key (the old one was rolled in
// Quaderno): live must go on with the new key, not keep the client it started with.
import { describe, expect, it } from 'vitest';
import { liveStatus, useRig } from '../../support/live-rig';
import { useTempDir } from '../../support/temp-dir';
import { waitFor } from '../sync/helpers';
import { startApiProxy } from './api-proxy';

const tmp = useTempDir();
const rig = useRig(tmp);

/** Sends on to the sandbox (with its key) only calls made with `current`; refuses the rest. */
async function keyCheckingProxy(target: string, sandboxKey: string) {
  const state = { current: 'sk_test_rotationkey0001' };
  const { apiUrl } = await startApiProxy(target, rig.later, {
    authorization: `Basic ${Buffer.from(`${sandboxKey}:`).toString('base64')}`,
    intercept: (req, res) => {
      const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
      if (Buffer.from(basic, 'base64').toString().split(':')[0] === state.current) return false;
      res.writeHead(401, { 'Content-Type': 'application/json' }).end('{"error":"Wrong API key"}');
      return true;
    },
  });
  return { apiUrl, state };
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
