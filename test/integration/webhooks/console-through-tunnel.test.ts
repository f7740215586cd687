// The whole console listening through the real localtunnel client: sandbox sale → tunnel →
// receiver → sale; the tunnel server restarts with a new URL → the console reconnects,
// re-points its webhook, and the next sale arrives.
import { describe, expect, it } from 'vitest';
import { createConsole, type CheckoutConsole } from '../../../main/console';
import { createQuadernoClient } from '../../../main/quaderno';
import { startSandbox } from '../../../main/sandbox';
import { createMemorySecrets } from '../../../main/secrets';
import { suiteProfile } from '../../support/sandbox-profiles';
import { useCleanups } from '../../support/cleanups';
import { useTempDir } from '../../support/temp-dir';
import { startTunnelServer, type TunnelServer } from '../../support/tunnel-server';
import { payOneSession } from '../sync/helpers';

const tmp = useTempDir('console-tunnel-');
const cleanups = useCleanups();

async function eventually<T>(what: string, probe: () => Promise<T | false>): Promise<T> {
  const deadline = Date.now() + 45_000;
  for (;;) {
    const got = await probe();
    if (got !== false) return got;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('console listening through a tunnel', { timeout: 120_000 }, () => {
  it('receives a sale, survives a tunnel server restart with a new URL, and receives the next', async () => {
    const sb = await startSandbox({
      rateLimit: { limit: 100_000, windowMs: 1000 },
      profile: suiteProfile(),
    });
    cleanups.defer(() => sb.close());
    const servers: TunnelServer[] = [await startTunnelServer()];
    cleanups.defer(() => Promise.all(servers.map((s) => s.close())).then(() => undefined));
    const first = servers[0] as TunnelServer;
    const cc: CheckoutConsole = await createConsole({
      dataDir: tmp.path,
      secrets: createMemorySecrets(),
      env: { CHECKOUT_CONSOLE_API_URL: sb.apiUrl, CHECKOUT_CONSOLE_API_KEY: sb.apiKey },
      live: { override: { tunnel: { host: first.host } } },
    });
    cleanups.defer(() => cc.close());
    const status = async () => await cc.invoke('live.status', {});
    const sales = async () => await cc.invoke('fulfillments.list', { limit: 100 });

    const before = await eventually('the webhook at the tunnel URL', async () => {
      const s = await status();
      return s.webhook.state === 'registered' && s.tunnel.state === 'online' && s;
    });
    expect(before.tunnel.publicUrl).toBe(first.publicUrls()[0]);
    expect(before.webhook.url?.startsWith(`${first.publicUrls()[0]}/hooks/`)).toBe(true);

    const firstSale = await payOneSession(sb);
    await eventually('the first sale', async () => (await sales()).total === 1);
    // The sandbox must have its 200 before the tunnel goes, or it counts a failed delivery.
    await eventually('the delivery acknowledged', async () =>
      sb.deliveries().some((d) => d.session_id === firstSale && d.status === 200),
    );

    await first.close();
    const second = await startTunnelServer({ port: first.port });
    servers.push(second);
    const after = await eventually('the webhook re-pointed at the new URL', async () => {
      const s = await status();
      const url = second.publicUrls()[0];
      if (!url || s.webhook.state !== 'registered') return false;
      return s.webhook.url?.startsWith(`${url}/hooks/`) === true && s;
    });
    expect(after.webhook.id).toBe(before.webhook.id);
    const hooks = await createQuadernoClient({
      apiUrl: sb.apiUrl,
      apiKey: sb.apiKey,
    }).listWebhooks();
    expect(hooks.map((h) => h.url)).toEqual([after.webhook.url]);

    const secondSale = await payOneSession(sb);
    const list = await eventually('the second sale', async () => {
      const l = await sales();
      return l.total === 2 && l;
    });
    expect(list.items.map((f) => f.sessionId).sort()).toEqual([firstSale, secondSale].sort());
    expect(list.items.find((f) => f.sessionId === secondSale)?.source).toBe('webhook');
  });
});
