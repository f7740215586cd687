// Removing the account the app is listening for: its live pipeline stops first, so nothing it
// runs (a tunnel reconnect, a sync's webhook check) registers a webhook again behind the logout.
import { describe, expect, it } from 'vitest';
import { liveStatus, useRig } from '../../support/live-rig';
import { suiteProfile } from '../../support/sandbox-profiles';
import { useTempDir } from '../../support/temp-dir';
import { fastClient, waitFor } from '../sync/helpers';

const tmp = useTempDir('cc-logout-listening-');
const rig = useRig(tmp);

describe('removing the account the app listens for', { timeout: 60_000 }, () => {
  it('stops listening before the account goes, and leaves no webhook at Quaderno', async () => {
    const sb = await rig.sandbox({ profile: suiteProfile() });
    const cc = await rig.console(sb);
    await waitFor('the webhook', async () => (await liveStatus(cc)).webhook.state === 'registered');
    const [account] = await cc.invoke('accounts.list', {});
    if (!account) throw new Error('the console has no account');
    const told: string[] = [];
    cc.on('receiver.status', (s) => told.push(`receiver ${s.receiver.state}`));
    cc.on('accounts.changed', () => told.push('accounts.changed'));

    const result = await cc.invoke('accounts.remove', { id: account.id });

    expect(result).toEqual({ removed: true, webhooksLeft: [], secretsLeft: [] });
    expect(await fastClient(sb).listWebhooks()).toEqual([]);
    expect(told.indexOf('receiver stopped')).toBeGreaterThan(-1);
    expect(told.indexOf('receiver stopped')).toBeLessThan(told.indexOf('accounts.changed'));
  });
});
