// The live pipeline through createConsole: receiver, webhook registration and sync against the
// sandbox over real HTTP, with the store in a temp folder.
import { describe, expect, it } from 'vitest';
import type { Fulfillment, SyncResult } from '../../../preload/contract';
import { valueOf } from '../../../main/commands/output';
import type { CheckoutConsole } from '../../../main/console';
import type { SandboxOptions } from '../../../main/sandbox';
import { freePort, liveStatus as status, useRig } from '../../support/live-rig';
import { useTempDir } from '../../support/temp-dir';
import { fastClient, sessions, waitFor } from '../sync/helpers';
import { startHoldingProxy } from './holding-proxy';
import { suiteProfile } from '../../support/sandbox-profiles';

const tmp = useTempDir();
const rig = useRig(tmp);
const sandbox = (options: SandboxOptions = {}) =>
  rig.sandbox({
    rateLimit: { limit: 100_000, windowMs: 1000 },
    profile: suiteProfile(),
    ...options,
  });
const open = rig.console;

const sales = async (cc: CheckoutConsole) =>
  valueOf<{ items: Fulfillment[]; total: number }>(
    await cc.call('fulfillments.list', { limit: 500 }),
  );
const synced = (cc: CheckoutConsole) =>
  waitFor('webhook registered and a first sync', async () => {
    const s = await status(cc);
    return s.webhook.state === 'registered' && s.lastSyncAt !== null && s;
  });

describe('live', { timeout: 90_000 }, () => {
  it('starts the receiver for a local Quaderno, registers its URL and syncs', async () => {
    const sb = await sandbox();
    const cc = await open(sb);

    const s = await synced(cc);

    expect(s.receiver.state).toBe('listening');
    expect(s.tunnel).toMatchObject({ state: 'off', error: null });
    expect(s.webhook.url).toBe(s.tunnel.publicUrl);
    expect(s.webhook.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/hooks\/[\w-]{32}$/);
    const hooks = await fastClient(sb).listWebhooks();
    expect(hooks.map((h) => h.url)).toEqual([s.webhook.url]);
  });

  it('turns a paid sandbox session into one sale through the webhook', async () => {
    const sb = await sandbox();
    const cc = await open(sb);
    await synced(cc);
    const changed: number[][] = [];
    cc.on('fulfillments.changed', ({ ids }) => changed.push(ids));

    const [id] = await sessions(sb, 1);

    const list = await waitFor('the sale', async () => {
      const l = await sales(cc);
      return l.total === 1 && l;
    });
    expect(list.items[0]).toMatchObject({ sessionId: id, source: 'webhook', currency: 'EUR' });
    expect(list.items[0]?.transactionId).toMatch(/^pi_/);
    expect(changed.flat()).toContain(list.items[0]?.id);
  });

  it('says when the last event arrived after a restart, not "never"', async () => {
    const sb = await sandbox();
    let cc = await open(sb);
    await synced(cc);
    await sessions(sb, 1);
    const seen = await waitFor('the event', async () => (await status(cc)).lastEventAt);
    await waitFor('the sale', async () => (await sales(cc)).total === 1);
    await cc.close();

    cc = await open(sb);
    const s = await synced(cc);

    expect(s.lastEventAt).not.toBeNull();
    // The stored event's own arrival, read when the receiver starts, not this run's clock.
    expect(Date.parse(s.lastEventAt ?? '')).toBeLessThanOrEqual(Date.parse(seen));
  });

  it('records all 50 sales paid while the receiver was down exactly once, and re-creates the webhook', async () => {
    const sb = await sandbox({ webhookRetryDelayMs: 20 });
    let cc = await open(sb);
    const before = await synced(cc);
    await cc.close();

    const paid = await sessions(sb, 50);
    // Each delivery fails, its one retry fails too, and the sandbox deletes the webhook.
    await waitFor('the sandbox to delete the webhook', async () => {
      return (await fastClient(sb).listWebhooks()).length === 0;
    });

    cc = await open(sb);
    const list = await waitFor('50 sales', async () => {
      const l = await sales(cc);
      return l.total >= 50 && l;
    });
    expect(list.total).toBe(50);
    expect(new Set(list.items.map((f) => f.sessionId))).toEqual(new Set(paid));
    expect(list.items.every((f) => f.source === 'sync')).toBe(true);
    // Sync runs at start whatever the webhook's state, so the sales may come in first.
    await synced(cc);
    const hooks = await fastClient(sb).listWebhooks();
    expect(hooks.map((h) => h.url)).toEqual([before.webhook.url]);
    expect(hooks[0]?.id).not.toBe(before.webhook.id);
    const log = await cc.invoke('activity.list', { kind: 'log' });
    const recreated = log.items.find((i) => i.kind === 'log' && i.detail['recreated'] === true);
    if (recreated?.kind !== 'log') throw new Error('no line says the webhook was re-created');
    expect(recreated.message).toBe(
      'Quaderno had dropped this console’s webhook; it is registered again, so sales arrive live.',
    );
    expect(recreated.detail['url']).toBe(before.webhook.url);

    // The first call may join the run that started with the console; the second is a new one.
    valueOf<SyncResult>(await cc.call('sync.run', {}));
    const again = valueOf<SyncResult>(await cc.call('sync.run', {}));
    expect(again.fulfillmentsAdded).toBe(0);
    expect((await sales(cc)).total).toBe(50);
  });

  it('lets a webhook that arrives after sync enrich the same sale instead of adding one', async () => {
    const sb = await sandbox();
    const port = await freePort();
    const proxy = await startHoldingProxy(() => port);
    rig.later(() => proxy.close());
    const cc = await open(sb, { live: { override: { publicUrl: proxy.origin, port } } });
    const s = await synced(cc);
    expect(s.receiver.port).toBe(port);
    expect(s.webhook.url?.startsWith(`${proxy.origin}/hooks/`)).toBe(true);
    expect(s.tunnel.state).toBe('manual');
    // A registration starts a sync of its own, which may still be running once `synced` sees
    // both: a sync.run now would join that one, read before the sale existed.
    await cc.call('sync.run', {});

    proxy.hold();
    const [id] = await sessions(sb, 1);
    await waitFor('the delivery to reach the proxy', () => proxy.held() > 0);
    const result = valueOf<SyncResult>(await cc.call('sync.run', {}));
    expect(result.fulfillmentsAdded).toBe(1);
    const fromSync = (await sales(cc)).items[0];
    expect(fromSync).toMatchObject({ sessionId: id, source: 'sync', transactionId: null });

    proxy.release();
    const enriched = await waitFor('the webhook to enrich the sale', async () => {
      const l = await sales(cc);
      return l.items[0]?.transactionId ? l : undefined;
    });
    expect(enriched.total).toBe(1);
    expect(enriched.items[0]).toMatchObject({ id: fromSync?.id, sessionId: id, source: 'webhook' });
    expect(enriched.items[0]?.eventId).not.toBeNull();
  });

  it('syncs on its own while online, which also puts back a webhook Quaderno deleted', async () => {
    const sb = await sandbox();
    const cc = await open(sb, { live: { syncIntervalMs: 200 } });
    const s = await synced(cc);
    const runs: SyncResult[] = [];
    cc.on('sync.status', (e) => {
      if (!e.running && e.last) runs.push(e.last);
    });

    await fastClient(sb).deleteWebhook(s.webhook.id as number);
    const [id] = await sessions(sb, 1);

    await waitFor('a timed sync to re-create the webhook', () =>
      runs.some((r) => r.webhookRecreated),
    );
    const hooks = await fastClient(sb).listWebhooks();
    expect(hooks.map((h) => h.url)).toEqual([s.webhook.url]);
    const list = await waitFor('the sale found by a timed sync', async () => {
      const l = await sales(cc);
      return l.total === 1 && l;
    });
    expect(list.items[0]).toMatchObject({ sessionId: id, source: 'sync' });
  });

  it('reports a failed registration and retries it on the sync timer', async () => {
    const sb = await sandbox();
    const fault = await fetch(new URL('/__sandbox/faults', sb.origin), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ path: '/api/webhooks', method: 'POST', status: 403, times: 1 }),
    });
    expect(fault.status).toBe(201);
    const cc = await open(sb, { live: { syncIntervalMs: 200 } });

    const s = await synced(cc);

    expect((await fastClient(sb).listWebhooks()).map((h) => h.url)).toEqual([s.webhook.url]);
    const log = valueOf<{ items: Array<{ message: string }> }>(
      await cc.call('activity.list', { kind: 'log' }),
    );
    expect(log.items.some((i) => i.message.startsWith('The webhook could not be registered'))).toBe(
      true,
    );
  });

  it('stops the receiver when the console closes', async () => {
    const sb = await sandbox();
    const cc = await open(sb);
    const s = await synced(cc);
    const url = s.webhook.url as string;
    expect((await fetch(url, { method: 'HEAD' })).status).toBe(200);

    await cc.close();

    await expect(fetch(url, { method: 'HEAD' })).rejects.toThrow();
  });

  it('does not start anything when autoStart is off', async () => {
    const sb = await sandbox();
    const cc = await open(sb, { live: { autoStart: false } });
    expect((await status(cc)).receiver.state).toBe('stopped');
    await sessions(sb, 2);
    const r = valueOf<SyncResult>(await cc.call('sync.run', {}));
    expect(r.fulfillmentsAdded).toBe(2);
    expect(await fastClient(sb).listWebhooks()).toEqual([]);
  });
});
