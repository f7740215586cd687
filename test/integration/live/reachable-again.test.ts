// Quaderno unreachable when live starts (the laptop woke before its network did): the webhook
// registration fails. When Quaderno answers again the console registers and syncs at once, not
// on the next 5-minute tick, so sales reach it live again and one made meanwhile is found.
import { describe, expect, it } from 'vitest';
import { valueOf } from '../../../main/commands/output';
import { createMemorySecrets } from '../../../main/secrets';
import { liveStatus, useRig } from '../../support/live-rig';
import { useTempDir } from '../../support/temp-dir';
import { sessions, waitFor } from '../sync/helpers';
import { startApiProxy } from './api-proxy';

const tmp = useTempDir();
const rig = useRig(tmp);

describe('live when Quaderno answers again', { timeout: 90_000 }, () => {
  it('registers the webhook and syncs at once', async () => {
    const sb = await rig.sandbox({ rateLimit: { limit: 100_000, windowMs: 1000 } });
    const network = { down: false };
    const { apiUrl } = await startApiProxy(sb.origin, rig.later, {
      // Down: every connection is dropped unanswered, as with no network.
      intercept: (req) => {
        if (network.down) req.socket.destroy();
        return network.down;
      },
    });
    // The account was added while Quaderno answered; the console opens again without it.
    const secrets = createMemorySecrets();
    network.down = false;
    const first = await rig.console(null, { secrets, live: { autoStart: false } });
    await first.invoke('accounts.add', { account: apiUrl, apiKey: sb.apiKey });
    await first.close();
    network.down = true;
    const cc = await rig.console(null, { secrets, connectivityProbeMs: 100 });
    await waitFor('the registration failed', async () => {
      const s = await liveStatus(cc);
      return s.webhook.state === 'error';
    });
    await waitFor('offline', async () => {
      const c = await cc.call('app.connectivity', {});
      return c.ok && !c.value.online;
    });
    // A sale paid while the console could not reach Quaderno.
    const [paid] = await sessions(sb, 1, 'complete');

    network.down = false;
    const st = await waitFor(
      'registered again',
      async () => {
        const s = await liveStatus(cc);
        return s.webhook.state === 'registered' && s;
      },
      20_000,
    );
    expect(st.webhook.id).toEqual(expect.any(Number));
    const listed = await waitFor(
      'the sale found by sync',
      async () => {
        const list = valueOf<{ items: Array<{ sessionId: number }> }>(
          await cc.call('fulfillments.list', { limit: 10 }),
        );
        return list.items.length > 0 && list;
      },
      20_000,
    );
    expect(listed.items.map((f) => f.sessionId)).toEqual([paid]);
  });
});
