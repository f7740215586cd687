// Live follows the merchant: a new or switched account gets its own receiver path and webhook,
// and a changed receiver port in Settings restarts the receiver there.
import { describe, expect, it } from 'vitest';
import type { Account } from '../../../preload/contract';
import { valueOf } from '../../../main/commands/output';
import type { CheckoutConsole } from '../../../main/console';
import type { Sandbox } from '../../../main/sandbox';
import { freePort, liveStatus as status, useRig } from '../../support/live-rig';
import { useTempDir } from '../../support/temp-dir';
import { fastClient, waitFor } from '../sync/helpers';
import { suiteProfile } from '../../support/sandbox-profiles';

const tmp = useTempDir();
const rig = useRig(tmp);
const sandbox = () => rig.sandbox({ profile: suiteProfile() });

const registeredAt = (cc: CheckoutConsole, apiUrl: string) =>
  waitFor(`a webhook for ${apiUrl}`, async () => {
    const s = await status(cc);
    const hooks = await fastClient(sbByUrl.get(apiUrl) as Sandbox).listWebhooks();
    return s.webhook.state === 'registered' && hooks.some((h) => h.url === s.webhook.url) && s;
  });
const sbByUrl = new Map<string, Sandbox>();

describe('live follows accounts and settings', { timeout: 90_000 }, () => {
  it('starts for an account added later and moves to the account switched to', async () => {
    const [a, b] = [await sandbox(), await sandbox()];
    sbByUrl.set(a.apiUrl, a).set(b.apiUrl, b);
    const cc = await rig.console(null);
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
    const cc = await rig.console(sb);
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
