// A restart of live (a changed setting, another account) while Quaderno has not yet answered the
// webhook registration: the old pipeline's call must end with it, or its late answer would be
// recorded after the new pipeline registered its own address.
import { describe, expect, it } from 'vitest';
import { valueOf } from '../../../main/commands/output';
import { freePort, liveStatus, useRig } from '../../support/live-rig';
import { useTempDir } from '../../support/temp-dir';
import { waitFor } from '../sync/helpers';
import { startApiProxy } from './api-proxy';

const tmp = useTempDir();
const rig = useRig(tmp);

/** Sends on to the sandbox, but never answers the first webhook registration (POST /webhooks). */
async function registrationHoldingProxy(target: string) {
  const held = { seen: false, abandoned: false };
  const { apiUrl } = await startApiProxy(target, rig.later, {
    intercept: (req, res, path) => {
      if (held.seen || req.method !== 'POST' || !/\/webhooks(\.json)?$/.test(path)) return false;
      held.seen = true;
      // The client gave up on it: its socket closed with no answer sent.
      res.on('close', () => (held.abandoned = !res.writableEnded));
      return true;
    },
  });
  return { apiUrl, held };
}

describe('live restarted while a webhook registration waits', { timeout: 90_000 }, () => {
  it('ends the old registration call and registers again', async () => {
    const sb = await rig.sandbox({ rateLimit: { limit: 100_000, windowMs: 1000 } });
    const proxy = await registrationHoldingProxy(sb.origin);
    const cc = await rig.console(null, {
      env: {
        CHECKOUT_CONSOLE_API_URL: proxy.apiUrl,
        CHECKOUT_CONSOLE_API_KEY: sb.apiKey,
        // Far past the test: only the stop can end the held call.
        CHECKOUT_CONSOLE_API_TIMEOUT_MS: '600000',
      },
    });
    await waitFor('the first registration sent', () => proxy.held.seen);

    valueOf(await cc.call('settings.update', { receiverPort: await freePort() }));

    await waitFor('the held registration given up', () => proxy.held.abandoned, 30_000);
    const st = await waitFor('registered by the new pipeline', async () => {
      const s = await liveStatus(cc);
      return s.webhook.state === 'registered' && s;
    });
    expect(st.webhook.id).toEqual(expect.any(Number));
  });
});
