// "Sync now" while a sync is already running (the start-up one, the one after the webhook is
// registered, a timed one): that run may have read Quaderno's sales before the sale the
// merchant just saw paid, so the answer must come from a run that starts after the request.
import { describe, expect, it } from 'vitest';
import type { SyncResult } from '../../../preload/contract';
import { valueOf } from '../../../main/commands/output';
import { freePort, liveStatus, useRig } from '../../support/live-rig';
import { useTempDir } from '../../support/temp-dir';
import { sessionListCalls, sessions, waitFor } from '../sync/helpers';
import { startHoldingProxy } from './holding-proxy';

const tmp = useTempDir();
const rig = useRig(tmp);

describe('sync now', { timeout: 90_000 }, () => {
  it('counts a sale paid while an earlier sync was still running', async () => {
    const sb = await rig.sandbox({ rateLimit: { limit: 100_000, windowMs: 1000 } });
    // Webhooks go through a proxy that holds them: only sync may record the sale here.
    const port = await freePort();
    const proxy = await startHoldingProxy(() => port);
    rig.later(() => proxy.close());
    const cc = await rig.console(sb, { live: { override: { publicUrl: proxy.origin, port } } });
    const s = await waitFor('webhook registered and a first sync', async () => {
      const st = await liveStatus(cc);
      return st.webhook.state === 'registered' && st.lastSyncAt !== null && st;
    });
    await cc.call('sync.run', {}); // whatever start-up began is over

    // The next sync ends by checking the webhook; the sandbox holds that answer, so the run is
    // still in flight, its sales already read, while the sale is paid.
    const fault = await fetch(new URL('/__sandbox/faults', sb.origin), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        path: `/api/webhooks/${s.webhook.id}`,
        method: 'GET',
        delayMs: 5000,
      }),
    });
    expect(fault.status).toBe(201);
    const lists = sessionListCalls(sb);
    const earlier = cc.call('sync.run', {});
    await waitFor('the earlier sync to read every status', () => sessionListCalls(sb) >= lists + 5);
    proxy.hold();
    const [id] = await sessions(sb, 1, 'complete');

    const now = valueOf<SyncResult>(await cc.call('sync.run', {}));
    expect(valueOf<SyncResult>(await earlier).fulfillmentsAdded).toBe(0);
    expect(now.fulfillmentsAdded).toBe(1);
    const listed = valueOf<{ items: Array<{ sessionId: number }> }>(
      await cc.call('fulfillments.list', { limit: 10 }),
    );
    expect(listed.items.map((f) => f.sessionId)).toEqual([id]);
  });
});
