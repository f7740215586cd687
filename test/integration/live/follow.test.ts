// Live follows the merchant: a new or switched account gets its own receiver path and webhook,
// and a changed receiver port in Settings restarts the receiver there.
import { createServer, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Account, LiveStatus } from '../../../preload/contract';
import { valueOf } from '../../../main/commands/output';
import { createConsole, type CheckoutConsole } from '../../../main/console';
import { startSandbox, type Sandbox } from '../../../main/sandbox';
import { createMemorySecrets } from '../../../main/secrets';
import { useTempDir } from '../../support/temp-dir';
import { fastClient, waitFor } from '../sync/helpers';
import { suiteProfile } from '../../support/sandbox-profiles';

const tmp = useTempDir();
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

async function sandbox(): Promise<Sandbox> {
  const sb = await startSandbox({ profile: suiteProfile() });
  cleanups.push(() => sb.close());
  return sb;
}

const status = async (cc: CheckoutConsole) => valueOf<LiveStatus>(await cc.call('live.status', {}));
const registeredAt = (cc: CheckoutConsole, apiUrl: string) =>
  waitFor(`a webhook for ${apiUrl}`, async () => {
    const s = await status(cc);
    const hooks = await fastClient(sbByUrl.get(apiUrl) as Sandbox).listWebhooks();
    return s.webhook.state === 'registered' && hooks.some((h) => h.url === s.webhook.url) && s;
  });
const sbByUrl = new Map<string, Sandbox>();

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

describe('live follows accounts and settings', { timeout: 90_000 }, () => {
  it('starts for an account added later and moves to the account switched to', async () => {
    const [a, b] = [await sandbox(), await sandbox()];
    sbByUrl.set(a.apiUrl, a).set(b.apiUrl, b);
    const cc = await createConsole({ dataDir: tmp.path, secrets: createMemorySecrets(), env: {} });
    cleanups.push(() => cc.close());
    expect((await status(cc)).receiver.state).toBe('stopped');

    const first = valueOf<Account>(
      await cc.call('accounts.add', { account: a.apiUrl, apiKey: a.apiKey }),
    );
    const onA = await registeredAt(cc, a.apiUrl);
    valueOf<Account>(await cc.call('accounts.add', { account: b.apiUrl, apiKey: b.apiKey }));
    const onB = await registeredAt(cc, b.apiUrl);

    expect(onB.webhook.url).not.toBe(onA.webhook.url);
    // The old account's path no longer answers: one receiver, for the active account only.
    expect(
      (await fetch(onA.webhook.url as string, { method: 'HEAD' }).catch(() => null))?.status,
    ).not.toBe(200);

    valueOf(await cc.call('accounts.switch', { id: first.id }));
    const back = await registeredAt(cc, a.apiUrl);
    expect(back.webhook.url).toBe(onA.webhook.url);
  });

  it('restarts the receiver on the port chosen in Settings', async () => {
    const sb = await sandbox();
    sbByUrl.set(sb.apiUrl, sb);
    const cc = await createConsole({
      dataDir: tmp.path,
      secrets: createMemorySecrets(),
      env: { CHECKOUT_CONSOLE_API_URL: sb.apiUrl, CHECKOUT_CONSOLE_API_KEY: sb.apiKey },
    });
    cleanups.push(() => cc.close());
    const before = await registeredAt(cc, sb.apiUrl);
    const port = await freePort();

    valueOf(await cc.call('settings.update', { receiverPort: port }));

    const after = await waitFor('the receiver on the new port', async () => {
      const s = await status(cc);
      return s.receiver.port === port && s.webhook.state === 'registered' && s;
    });
    expect(after.webhook.id).toBe(before.webhook.id);
    expect(new URL(after.webhook.url as string).port).toBe(String(port));
    expect((await fastClient(sb).listWebhooks()).map((h) => h.url)).toEqual([after.webhook.url]);
  });
});
