// Reconciliation against the sandbox over real HTTP, with a real SQLite file.
import { describe, expect, it, vi } from 'vitest';
import { createQuadernoClient, withCallOptions } from '../../../main/quaderno';
import { listActivity } from '../../../main/sales';
import { normalizeSession } from '../../../main/quaderno/normalize';
import { startSandbox, type Sandbox } from '../../../main/sandbox';
import type { Store } from '../../../main/store';
import { createSync } from '../../../main/sync';
import { startWebhookSink } from '../../support/webhook-sink';
import { newFulfillment, UNKNOWN_CUSTOMER } from '../../support/sale-fixtures';
import { useCleanups } from '../../support/cleanups';
import { useTempDir } from '../../support/temp-dir';
import { openStoreWithAccount } from '../../support/test-store';
import { sandboxRegistrar } from '../webhooks/sandbox-registrar';
import { control, fastClient, sessionListCalls, sessions } from './helpers';
import { suiteProfile } from '../../support/sandbox-profiles';

const tmp = useTempDir();
const cleanups = useCleanups();

async function setup(): Promise<{ sb: Sandbox; store: Store; accountId: number }> {
  const sb = await startSandbox({
    rateLimit: { limit: 100_000, windowMs: 1000 },
    profile: suiteProfile(),
  });
  cleanups.defer(() => sb.close());
  const { store, accountId } = openStoreWithAccount(tmp.file('console.sqlite'), {
    name: 'sandbox',
    apiUrl: sb.apiUrl,
    kind: 'test',
  });
  cleanups.defer(() => store.close());
  return { sb, store, accountId };
}

// These three count the list calls of documented paging (newest first, `created_before`); the
// observed sandbox answers each status in one list, so they run against the documented one only.
const pagingOnly = it.skipIf(suiteProfile() === 'observed');

describe('sync', () => {
  it('records every completed session once, as a sale from sync, and updates other statuses', async () => {
    const { sb, store, accountId } = await setup();
    const paid = await sessions(sb, 120);
    const failed = await sessions(sb, 2, 'fail');
    const abandoned = await sessions(sb, 3, 'abandon');
    const sync = createSync({ client: fastClient(sb), store, accountId });

    const first = await sync.run();
    const second = await sync.run();

    const fulfillments = store.fulfillments;
    const list = fulfillments.list(accountId, { limit: 500, offset: 0 });
    expect(first.fulfillmentsAdded).toBe(120);
    expect(second.fulfillmentsAdded).toBe(0);
    expect(list.total).toBe(120);
    expect(new Set(list.items.map((f) => f.sessionId))).toEqual(new Set(paid));
    expect(list.items.every((f) => f.source === 'sync' && f.currency === 'EUR')).toBe(true);
    const one = fulfillments.bySession(accountId, paid[0] as number);
    expect(one?.customerEmail).toBe('buyer0@example.com');
    expect(one?.amount).toBeGreaterThan(0);
    const repo = store.sessions;
    expect(failed.map((id) => repo.get(accountId, id)?.status)).toEqual(['failed', 'failed']);
    expect(abandoned.map((id) => repo.get(accountId, id)?.status)).toEqual([
      'abandoned',
      'abandoned',
      'abandoned',
    ]);
  });

  pagingOnly(
    'stops at the first page when nothing is new, and finds what is new in one more run',
    async () => {
      const { sb, store, accountId } = await setup();
      await sessions(sb, 150);
      const sync = createSync({ client: fastClient(sb), store, accountId });
      const first = await sync.run();
      // 150 completed sessions take two pages; the other four statuses one (empty) page each.
      expect(first.apiCalls).toBe(6);

      const before = sessionListCalls(sb);
      const quiet = await sync.run();
      expect(sessionListCalls(sb) - before).toBe(5);
      expect(quiet).toMatchObject({ apiCalls: 5, fulfillmentsAdded: 0, sessionsUpdated: 0 });

      const [late] = await sessions(sb, 1);
      const catchUp = await sync.run();
      expect(catchUp).toMatchObject({ apiCalls: 5, fulfillmentsAdded: 1 });
      const list = store.fulfillments.list(accountId, { limit: 500, offset: 0 });
      expect(list.total).toBe(151);
      expect(list.items.some((f) => f.sessionId === late)).toBe(true);
    },
  );

  pagingOnly(
    'keeps paging past known sessions until it reaches what the previous run had seen',
    async () => {
      const { sb, store, accountId } = await setup();
      const sync = createSync({ client: fastClient(sb), store, accountId, pageSize: 10 });
      await sessions(sb, 5);
      await sync.run();
      // Missed while offline, then a burst of newer sales that (say) webhooks already reported.
      const missed = await sessions(sb, 3);
      await sessions(sb, 25);
      const fulfillments = store.fulfillments;
      const sessionsRepo = store.sessions;
      const newest = await fastClient(sb).listSessionsPage({ status: 'completed', limit: 25 });
      for (const s of newest.items) {
        sessionsRepo.upsert(
          accountId,
          {
            id: s.id,
            status: 'completed',
            permalink: s.permalink,
            customer: UNKNOWN_CUSTOMER,
            items: [],
            total: 100,
            currency: 'EUR',
            metadata: {},
            fingerprint: null,
          },
          { origin: 'remote' },
        );
        fulfillments.record(
          accountId,
          newFulfillment({
            sessionId: s.id,
            permalink: s.permalink,
            customerEmail: null,
            amount: 100,
            transactionId: 'pi_from_webhook',
            gateway: 'stripe',
            source: 'webhook',
            receivedAt: new Date().toISOString(),
            eventId: null,
          }),
        );
      }

      const result = await sync.run();

      expect(result.fulfillmentsAdded).toBe(3);
      for (const id of missed) expect(fulfillments.bySession(accountId, id)?.source).toBe('sync');
      expect(fulfillments.list(accountId, { limit: 500, offset: 0 }).total).toBe(33);
    },
  );

  pagingOnly('finds an old open link paid after more than a page of newer sales', async () => {
    const { sb, store, accountId } = await setup();
    const client = fastClient(sb);
    const [linkId] = await sessions(sb, 1, null);
    const link = await client.getSession(linkId as number);
    store.sessions.upsert(accountId, normalizeSession(link), { origin: 'console' });
    await sessions(sb, 15);
    const sync = createSync({ client, store, accountId, pageSize: 10 });
    await sync.run();

    await control(sb, `/__sandbox/checkout/sessions/${linkId}/complete`);
    const result = await sync.run();

    // One page per status, then one read of the open link below where the pass stopped.
    expect(result).toMatchObject({ fulfillmentsAdded: 1, apiCalls: 6 });
    expect(store.fulfillments.bySession(accountId, linkId as number)?.source).toBe('sync');
    expect(store.sessions.get(accountId, linkId as number)?.status).toBe('completed');
  });

  pagingOnly(
    'finds a link made outside the console, open at the last run and paid after more than a page of newer sales',
    async () => {
      const { sb, store, accountId } = await setup();
      const sync = createSync({ client: fastClient(sb), store, accountId, pageSize: 10 });
      await sessions(sb, 5);
      await sync.run();
      // The merchant's website made this link (the console never did), then 15 sales came.
      const [outside] = await sessions(sb, 1, null);
      await sessions(sb, 15);
      await sync.run();

      await control(sb, `/__sandbox/checkout/sessions/${outside}/complete`);
      const result = await sync.run();

      expect(result.fulfillmentsAdded).toBe(1);
      expect(store.fulfillments.bySession(accountId, outside as number)?.source).toBe('sync');
      expect(store.fulfillments.list(accountId, { limit: 500, offset: 0 }).total).toBe(21);
    },
  );

  pagingOnly('finds an old paid link behind more open links than one run asks about', async () => {
    const { sb, store, accountId } = await setup();
    const client = fastClient(sb);
    // Link L, then 25 links nobody has paid, all made by the console; then 15 sales.
    const made = await sessions(sb, 26, null);
    for (const id of made)
      store.sessions.upsert(accountId, normalizeSession(await client.getSession(id)), {
        origin: 'console',
      });
    await sessions(sb, 15);
    const sync = createSync({ client, store, accountId, pageSize: 10 });
    await sync.run();
    const linkId = made[0] as number;
    await control(sb, `/__sandbox/checkout/sessions/${linkId}/complete`);

    // Each run asks about the 10 newest open links and 10 older ones in turn: the 15 older than
    // the newest 10 are all asked about within two runs.
    const calls: number[] = [];
    for (let run = 0; run < 2 && !store.fulfillments.bySession(accountId, linkId); run++) {
      calls.push((await sync.run()).apiCalls);
    }
    expect(store.fulfillments.bySession(accountId, linkId)?.source).toBe('sync');
    // One page per status and at most 20 single reads per run.
    for (const n of calls) expect(n).toBeLessThanOrEqual(5 + 20);
  });

  pagingOnly(
    'asks one by one only about open links that no list read in the same run',
    async () => {
      const { sb, store, accountId } = await setup();
      const client = fastClient(sb);
      // Links the console made: 3 still pending, 3 abandoned; then 25 sales.
      const made = [...(await sessions(sb, 3, null)), ...(await sessions(sb, 3, 'abandon'))];
      for (const id of made)
        store.sessions.upsert(accountId, normalizeSession(await client.getSession(id)), {
          origin: 'console',
        });
      await sessions(sb, 25);
      const sync = createSync({ client, store, accountId, pageSize: 10 });
      await sync.run();
      const singleReads = () =>
        sb.requestLog().filter((r) => /\/checkout\/sessions\/\d+/.test(r.path)).length;
      const before = singleReads();

      const quiet = await sync.run();

      // One page per status: the completed pass stops above the links, but the pending and
      // abandoned lists have just read every one of them.
      expect(quiet).toMatchObject({ apiCalls: 5, fulfillmentsAdded: 0, sessionsUpdated: 0 });
      expect(singleReads() - before).toBe(0);
    },
  );

  pagingOnly(
    'asks about the other open links and re-creates the webhook while one link keeps answering 500, then reports it',
    async () => {
      const { sb, store, accountId } = await setup();
      const sink = await startWebhookSink();
      cleanups.defer(() => sink.close());
      const client = createQuadernoClientWithoutRetries(sb);
      const [paid, broken] = await sessions(sb, 2, null);
      for (const id of [broken, paid])
        store.sessions.upsert(accountId, normalizeSession(await client.getSession(id!)), {
          origin: 'console',
        });
      await sessions(sb, 15);
      const registrar = sandboxRegistrar(sb, { client, store, accountId });
      const sync = createSync({ client, store, accountId, registrar, pageSize: 10 });
      await sync.run();
      // Both links paid below where the completed pass stops; Quaderno fails on one of them,
      // and has deleted the webhook.
      for (const id of [broken, paid])
        await control(sb, `/__sandbox/checkout/sessions/${id}/complete`);
      const hook = await registrar.ensure(sink.url());
      await client.deleteWebhook(hook.webhookId);
      const res = await fetch(new URL('/__sandbox/faults', sb.origin), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ path: `/api/checkout/sessions/${broken}`, status: 500, times: 50 }),
      });
      expect(res.status).toBe(201);

      await expect(sync.run()).rejects.toMatchObject({ code: 'server_error' });

      expect(store.fulfillments.bySession(accountId, paid!)?.source).toBe('sync');
      expect((await client.listWebhooks()).map((h) => h.url)).toEqual([sink.url()]);
    },
  );

  it('re-creates the webhook Quaderno deleted and says so in the result', async () => {
    const { sb, store, accountId } = await setup();
    const sink = await startWebhookSink();
    cleanups.defer(() => sink.close());
    const client = fastClient(sb);
    const registrar = sandboxRegistrar(sb, { client, store, accountId });
    const first = await registrar.ensure(sink.url());
    await client.deleteWebhook(first.webhookId);
    const sync = createSync({ client, store, accountId, registrar });

    const result = await sync.run();

    expect(result.webhookRecreated).toBe(true);
    const hooks = await client.listWebhooks();
    expect(hooks.map((h) => h.url)).toEqual([sink.url()]);
    expect((await sync.run()).webhookRecreated).toBe(false);
  });

  it('records a failed run and leaves the next run to start from the last good one', async () => {
    const { sb, store, accountId } = await setup();
    await sessions(sb, 2);
    const client = createQuadernoClientWithoutRetries(sb);
    const sync = createSync({ client, store, accountId });
    const res = await fetch(new URL('/__sandbox/faults', sb.origin), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ path: '/api/checkout/sessions', status: 500, times: 1 }),
    });
    expect(res.status).toBe(201);

    await expect(sync.run()).rejects.toMatchObject({ code: 'server_error' });
    const after = await sync.run();

    expect(after.fulfillmentsAdded).toBe(2);
    // Newest first from the repo; oldest first here, as the runs happened.
    const rows = store.syncRuns
      .list(accountId, 10)
      .map((run) => run.error)
      .reverse();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toEqual(expect.any(String));
    expect(rows[1]).toBeNull();
  });

  it('records a run its caller stopped (live restarted, the console closed) as stopped, not failed', async () => {
    const { sb, store, accountId } = await setup();
    await sessions(sb, 1);
    const stop = new AbortController();
    // The first list call on its way to Quaderno (which holds its answer 5 s).
    let sent = false;
    const watched = createQuadernoClientWithoutRetries(sb, (input, init) => {
      sent = true;
      return fetch(input, init);
    });
    const client = withCallOptions(watched, (call) => ({
      ...call,
      signal: stop.signal,
    }));
    const res = await fetch(new URL('/__sandbox/faults', sb.origin), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ path: '/api/checkout/sessions', method: 'GET', delayMs: 5000 }),
    });
    expect(res.status).toBe(201);
    const run = createSync({ client, store, accountId }).run();
    const outcome = expect(run).rejects.toThrow();
    // Stopped while Quaderno holds the first list's answer.
    await vi.waitFor(() => expect(sent).toBe(true));
    stop.abort();
    await outcome;

    const [row] = store.syncRuns.list(accountId, 1);
    expect(row?.error).toMatch(/^Stopped before it finished/);
    const { items } = listActivity(store, accountId, { kind: 'sync', limit: 1, offset: 0 });
    expect(items[0]?.message).toMatch(/^Checking with Quaderno: Stopped before it finished/);
    expect(items[0]?.message).not.toMatch(/failed/);
  });
});

function createQuadernoClientWithoutRetries(sb: Sandbox, send: typeof fetch = fetch) {
  return createQuadernoClient({
    apiUrl: sb.apiUrl,
    apiKey: sb.apiKey,
    rateLimit: false,
    maxRetries: 0,
    fetch: send,
  });
}
