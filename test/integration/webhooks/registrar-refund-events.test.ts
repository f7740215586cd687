// The console's webhook asks for refunds (credit.created) beside the checkout events; when
// Quaderno refuses that list, live sales must not stop: it asks for the checkout events alone.
import { describe, expect, it } from 'vitest';
import type { Sandbox } from '../../../main/sandbox';
import { CHECKOUT_EVENTS, WEBHOOK_EVENTS } from '../../../main/webhooks';
import { useCleanups } from '../../support/cleanups';
import { useTempDir } from '../../support/temp-dir';
import { sandboxRegistrar, startRegistrarWorld } from './sandbox-registrar';

const tmp = useTempDir('registrar-refunds-');
const cleanups = useCleanups();

const sorted = (events: readonly string[] | undefined) => [...(events ?? [])].sort();

/** Quaderno answers the next `times` calls of `method` to `path` with 422. */
async function refuse(sb: Sandbox, path: string, method: string, times = 1): Promise<void> {
  const res = await fetch(`${sb.origin}/__sandbox/faults`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ path, method, times, status: 422 }),
  });
  expect(res.status).toBe(201);
}

async function world() {
  const w = await startRegistrarWorld(tmp, cleanups);
  const registrar = () => sandboxRegistrar(w.sb, w);
  const writes = (since: number) =>
    w.sb
      .requestLog()
      .slice(since)
      .filter((r) => r.method === 'POST' || r.method === 'PUT')
      .map((r) => r.method);
  return { ...w, registrar, writes };
}

describe('webhook registrar and refund events', () => {
  it('registers with the checkout events alone when Quaderno refuses the list with refunds', async () => {
    const w = await world();
    await refuse(w.sb, '/api/webhooks', 'POST');
    const registrar = w.registrar();
    const url = w.receiver.url('/hooks/r');
    const result = await registrar.ensure(url);
    const [hook] = await w.client.listWebhooks();
    expect(hook).toMatchObject({ id: result.webhookId, url });
    expect(sorted(hook?.events_types)).toEqual(sorted(CHECKOUT_EVENTS));
    // What was registered is what the console records.
    expect(sorted(w.store.webhookEndpoints.current(w.accountId)?.events)).toEqual(
      sorted(CHECKOUT_EVENTS),
    );
    // Not asked again by this process: the next check is a single read.
    const before = w.sb.requestLog().length;
    await registrar.ensure(url);
    expect(w.writes(before)).toEqual([]);
    // The next process asks for refunds again, and Quaderno now takes them.
    await w.registrar().ensure(url);
    const [upgraded] = await w.client.listWebhooks();
    expect(upgraded?.id).toBe(result.webhookId);
    expect(sorted(upgraded?.events_types)).toEqual(sorted(WEBHOOK_EVENTS));
    expect(sorted(w.store.webhookEndpoints.current(w.accountId)?.events)).toEqual(
      sorted(WEBHOOK_EVENTS),
    );
  });

  it("adds refunds to an earlier console's checkout-only webhook, and keeps it when that is refused", async () => {
    const w = await world();
    const url = w.receiver.url('/hooks/old');
    const old = await w.client.createWebhook({ url, events_types: [...CHECKOUT_EVENTS] });
    await refuse(w.sb, `/api/webhooks/${old.id}`, 'PUT');
    const refused = await w.registrar().ensure(url);
    expect(refused.webhookId).toBe(old.id);
    expect(sorted((await w.client.getWebhook(old.id)).events_types)).toEqual(
      sorted(CHECKOUT_EVENTS),
    );
    await w.registrar().ensure(url);
    expect(sorted((await w.client.getWebhook(old.id)).events_types)).toEqual(
      sorted(WEBHOOK_EVENTS),
    );
    expect(await w.client.listWebhooks()).toHaveLength(1);
  });

  it('still fails when Quaderno refuses the checkout events too, leaving no webhook', async () => {
    const w = await world();
    await refuse(w.sb, '/api/webhooks', 'POST', 2);
    await expect(w.registrar().ensure(w.receiver.url('/hooks/no'))).rejects.toMatchObject({
      code: 'invalid_input',
    });
    expect(await w.client.listWebhooks()).toEqual([]);
    expect(w.store.webhookEndpoints.current(w.accountId)).toBeUndefined();
  });

  it('moves a checkout-only webhook to a new URL when refunds are refused on the way', async () => {
    const w = await world();
    const old = await w.client.createWebhook({
      url: w.receiver.url('/hooks/before'),
      events_types: [...CHECKOUT_EVENTS],
    });
    const registrar = w.registrar();
    await registrar.ensure(old.url);
    expect(sorted((await w.client.getWebhook(old.id)).events_types)).toEqual(
      sorted(WEBHOOK_EVENTS),
    );
    await w.client.updateWebhook(old.id, { events_types: [...CHECKOUT_EVENTS] });
    await refuse(w.sb, `/api/webhooks/${old.id}`, 'PUT');
    const moved = await registrar.ensure(w.receiver.url('/hooks/after'));
    const hook = await w.client.getWebhook(old.id);
    expect(moved.webhookId).toBe(old.id);
    expect(hook.url).toBe(w.receiver.url('/hooks/after'));
    expect(sorted(hook.events_types)).toEqual(sorted(CHECKOUT_EVENTS));
  });
});
