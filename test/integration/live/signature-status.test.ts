// The live status says which signature scheme the account's deliveries use, from the first
// verified delivery on and again after a restart (the receiver remembers it per account).
import { describe, expect, it } from 'vitest';
import { liveStatus as status, useRig } from '../../support/live-rig';
import { useTempDir } from '../../support/temp-dir';
import { sessions, waitFor } from '../sync/helpers';

const tmp = useTempDir();
const rig = useRig(tmp);

describe('live status of webhook signatures', { timeout: 90_000 }, () => {
  it('shows the sorted-parameters scheme once a delivery signed that way arrives, and still after a restart', async () => {
    const sb = await rig.sandbox({
      rateLimit: { limit: 100_000, windowMs: 1000 },
      signatureScheme: 'sorted_params',
    });
    let cc = await rig.console(sb);
    await waitFor(
      'webhook registered',
      async () => (await status(cc)).webhook.state === 'registered',
    );
    expect((await status(cc)).signatureScheme ?? null).toBeNull();
    await sessions(sb, 1);
    await waitFor('the scheme in the live status', async () => {
      return (await status(cc)).signatureScheme === 'sorted_params';
    });
    await cc.close();
    cc = await rig.console(sb);
    await waitFor('the receiver listening again', async () => {
      return (await status(cc)).receiver.state === 'listening';
    });
    expect((await status(cc)).signatureScheme).toBe('sorted_params');
  });
});
