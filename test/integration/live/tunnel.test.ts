// The live pipeline through the real localtunnel client and a loopback tunnel server: the
// console follows a new public URL with the same webhook, syncs, and keeps receiving sales.
import { describe, expect, it } from 'vitest';
import type { Fulfillment, SyncResult } from '../../../preload/contract';
import { valueOf } from '../../../main/commands/output';
import type { CheckoutConsole } from '../../../main/console';
import { liveStatus as status, useRig } from '../../support/live-rig';
import { useTempDir } from '../../support/temp-dir';
import { startTunnelServer, type TunnelServer } from '../../support/tunnel-server';
import { fastClient, sessions, waitFor } from '../sync/helpers';

const tmp = useTempDir();
const rig = useRig(tmp);

const sales = async (cc: CheckoutConsole) =>
  valueOf<{ items: Fulfillment[]; total: number }>(await cc.call('fulfillments.list', {}));

describe('live through a tunnel', { timeout: 120_000 }, () => {
  it('registers the tunnel URL, follows it to a new URL after the server restarts, and keeps receiving sales', async () => {
    const sb = await rig.sandbox({ rateLimit: { limit: 100_000, windowMs: 1000 } });
    const servers: TunnelServer[] = [await startTunnelServer()];
    rig.later(() => Promise.all(servers.map((s) => s.close())).then(() => undefined));
    const host = servers[0]?.host as string;
    const cc = await rig.console(sb, {
      live: {
        override: { tunnel: { host } },
        tunnelTimings: { probeIntervalMs: 300, backoff: { baseMs: 100, maxMs: 500 } },
      },
    });
    const syncs: SyncResult[] = [];
    cc.on('sync.status', (s) => {
      if (!s.running && s.last) syncs.push(s.last);
    });

    const first = await waitFor('registration through the tunnel', async () => {
      const s = await status(cc);
      return s.webhook.state === 'registered' && s;
    });
    expect(first.tunnel.state).toBe('online');
    expect(first.webhook.url).toBe(
      `${first.tunnel.publicUrl}${new URL(first.webhook.url ?? '').pathname}`,
    );
    expect(servers[0]?.publicUrls()).toContain(first.tunnel.publicUrl);
    const [one] = await sessions(sb, 1);
    await waitFor('the first sale', async () =>
      (await sales(cc)).items.find((f) => f.sessionId === one),
    );
    await waitFor('the sandbox to see the 200', () =>
      sb.deliveries().some((d) => d.session_id === one && d.status === 200),
    );
    const syncsBefore = syncs.length;

    await servers[0]?.close();
    servers.push(await startTunnelServer({ port: servers[0]?.port }));
    const second = await waitFor('the webhook on the new URL', async () => {
      const s = await status(cc);
      return s.webhook.state === 'registered' && s.webhook.url !== first.webhook.url && s;
    });

    expect(second.webhook.id).toBe(first.webhook.id);
    expect((await fastClient(sb).listWebhooks()).map((w) => w.url)).toEqual([second.webhook.url]);
    await waitFor('a sync after the reconnect', () => syncs.length > syncsBefore);
    const [two] = await sessions(sb, 1);
    const after = await waitFor('the second sale', async () => {
      const l = await sales(cc);
      return l.items.some((f) => f.sessionId === two) && l;
    });
    expect(after.total).toBe(2);
    expect(after.items.every((f) => f.source === 'webhook')).toBe(true);
  });
});
