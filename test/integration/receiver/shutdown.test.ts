import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../support/temp-dir';
import { deliver, eventually, startRig, succeededBody } from './helpers';

const tmp = useTempDir('cc-receiver-shutdown-');

describe('receiver shutdown', () => {
  it('closes within a bound while an API confirmation never answers, leaving the event quarantined', async () => {
    let asked = false;
    let aborted = false;
    const rig = await startRig(tmp, {
      confirm: (_account, _session, signal) => {
        asked = true;
        signal?.addEventListener('abort', () => (aborted = true));
        return new Promise(() => undefined); // a stuck API call that ignores the signal
      },
    });
    const forged = { url: rig.url, authKey: 'xxxxxxxxxxxxxxxxxxxxxx' };
    expect((await deliver(forged, succeededBody({ session: 1501 }))).status).toBe(200); // quarantined (was 401)
    await eventually(() => asked);
    const started = Date.now();
    const closing = rig.receiver.close().then(() => Date.now() - started);
    const timeout = new Promise<number>((resolve) => setTimeout(() => resolve(Infinity), 10_000));
    expect(await Promise.race([closing, timeout])).toBeLessThan(10_000);
    expect(aborted).toBe(true);
    expect(rig.store.events.count(rig.accountId, 'invalid')).toBe(1);
  });
});
