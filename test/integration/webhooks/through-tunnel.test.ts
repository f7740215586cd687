import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createQuadernoClient } from '../../../main/quaderno';
import { startSandbox } from '../../../main/sandbox';
import { openTunnel, type TunnelStateReport } from '../../../main/tunnel';
import { useCleanups } from '../../support/cleanups';
import { useTempDir } from '../../support/temp-dir';
import { openStoreWithAccount } from '../../support/test-store';
import { startTunnelServer } from '../../support/tunnel-server';
import { startWebhookSink, type ReceivedWebhook } from '../../support/webhook-sink';
import { suiteProfile } from '../../support/sandbox-profiles';
import { payOneSession } from '../sync/helpers';
import { sandboxRegistrar } from './sandbox-registrar';

const tmp = useTempDir('tunnel-hook-');
const cleanups = useCleanups();

const HOOK_PATH = '/hooks/Zq3tokenForThisAccount';

async function until(ok: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

function signedFor(delivery: ReceivedWebhook | undefined, url: string, key: string): boolean {
  const expected = createHmac('sha1', key)
    .update(url + (delivery?.body ?? ''))
    .digest('base64');
  return delivery?.headers['x-quaderno-signature'] === expected;
}

describe('webhook registration through the tunnel', () => {
  it('delivers a sandbox sale through the public URL, and again after the tunnel server restarts with a new URL', async () => {
    const sb = await startSandbox({ webhookRetryDelayMs: 100, profile: suiteProfile() });
    cleanups.defer(() => sb.close());
    const receiver = await startWebhookSink();
    cleanups.defer(() => receiver.close());
    const { store, accountId } = openStoreWithAccount(tmp.file('console.sqlite'), {
      apiUrl: sb.apiUrl,
    });
    cleanups.defer(() => store.close());
    const client = createQuadernoClient({ apiUrl: sb.apiUrl, apiKey: sb.apiKey });
    const registrar = sandboxRegistrar(sb, { client, store, accountId, keepKeysInMemory: true });

    const firstServer = await startTunnelServer();
    const servers = [firstServer];
    cleanups.defer(() => Promise.all(servers.map((s) => s.close())).then(() => undefined));
    const onlineUrls: string[] = [];
    let wake = () => {};
    const tunnel = openTunnel({
      localPort: Number(new URL(receiver.origin).port),
      host: firstServer.host,
      probePath: HOOK_PATH,
      probeIntervalMs: 300,
      backoff: { baseMs: 100, maxMs: 500 },
      onState: (s: TunnelStateReport) => {
        if (s.state === 'online' && s.publicUrl) onlineUrls.push(s.publicUrl);
        wake();
      },
    });
    cleanups.defer(() => tunnel.close());
    const nextOnline = async (count: number): Promise<string> => {
      while (onlineUrls.length < count) await new Promise<void>((r) => (wake = r));
      return onlineUrls[count - 1] ?? '';
    };

    const firstUrl = (await nextOnline(1)) + HOOK_PATH;
    const first = await registrar.ensure(firstUrl);
    const firstSession = await payOneSession(sb);
    const [delivery] = await receiver.waitFor(1);
    expect(delivery?.target).toBe(HOOK_PATH);
    expect(JSON.parse(delivery?.body ?? '{}')).toMatchObject({
      event_type: 'checkout.succeeded',
      data: { object: { transaction_details: { session: firstSession } } },
    });
    const [target] = await registrar.signingTargets();
    expect(target?.url).toBe(firstUrl);
    expect(signedFor(delivery, firstUrl, target?.authKey ?? '')).toBe(true);

    // The sink has the body before its answer is back through the tunnel; Quaderno counts a
    // delivery as failed if the tunnel dies in between, so wait for the sandbox to see the 200.
    await until(() =>
      sb.deliveries().some((d) => d.session_id === firstSession && d.status === 200),
    );
    await firstServer.close();
    const secondServer = await startTunnelServer({ port: firstServer.port });
    servers.push(secondServer);
    const secondUrl = (await nextOnline(2)) + HOOK_PATH;
    expect(secondUrl).not.toBe(firstUrl);
    const second = await registrar.ensure(secondUrl);
    expect(second).toEqual({ webhookId: first.webhookId, url: secondUrl, recreated: false });

    const secondSession = await payOneSession(sb);
    const deliveries = await receiver.waitFor(2);
    const next = deliveries.find((d) => d.body.includes(`"session":${secondSession}`));
    expect(next).toBeDefined();
    const targets = await registrar.signingTargets();
    expect(targets[0]?.url).toBe(secondUrl);
    expect(signedFor(next, secondUrl, targets[0]?.authKey ?? '')).toBe(true);
    expect((await client.listWebhooks()).map((w) => w.url)).toEqual([secondUrl]);
  });
});
