import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConsoleError } from '../../../main/errors';
import type { QuadernoClient } from '../../../main/quaderno';
import type { Sandbox } from '../../../main/sandbox';
import { createMemorySecrets, type SecretStore } from '../../../main/secrets';
import type { Store } from '../../../main/store';
import {
  authKeyName,
  CHECKOUT_EVENTS,
  type Registrar,
  WEBHOOK_EVENTS,
} from '../../../main/webhooks';
import { withRawDb } from '../../support/raw-db';
import { useCleanups } from '../../support/cleanups';
import { useTempDir } from '../../support/temp-dir';
import { openStoreWithAccount } from '../../support/test-store';
import type { WebhookSink } from '../../support/webhook-sink';
import { sandboxRegistrar, startRegistrarWorld } from './sandbox-registrar';

const tmp = useTempDir('registrar-');
const cleanups = useCleanups();

interface World {
  sb: Sandbox;
  client: QuadernoClient;
  store: Store;
  accountId: number;
  secrets: SecretStore;
  receiver: WebhookSink;
  registrar(opts?: { keepKeysInMemory?: boolean; store?: Store }): Registrar;
}

async function world(): Promise<World> {
  const { sb, receiver, store, accountId, client } = await startRegistrarWorld(tmp, cleanups);
  const secrets = createMemorySecrets();
  return {
    sb,
    client,
    store,
    accountId,
    secrets,
    receiver,
    registrar: (opts = {}) =>
      sandboxRegistrar(sb, {
        client,
        store: opts.store ?? store,
        secrets,
        accountId,
        keepKeysInMemory: opts.keepKeysInMemory,
      }),
  };
}

describe('webhook registrar against the sandbox', () => {
  it('creates one webhook for the checkout and refund events only after the receiver answers HEAD', async () => {
    const w = await world();
    w.receiver.setHeadStatus(404);
    const registrar = w.registrar();
    await expect(registrar.ensure(w.receiver.url('/hooks/abc'))).rejects.toMatchObject({
      code: 'bad_response',
    });
    expect(await w.client.listWebhooks()).toEqual([]);

    w.receiver.setHeadStatus(200);
    const result = await registrar.ensure(w.receiver.url('/hooks/abc'));
    const hooks = await w.client.listWebhooks();
    expect(hooks).toHaveLength(1);
    expect(hooks[0]).toMatchObject({ id: result.webhookId, url: w.receiver.url('/hooks/abc') });
    expect([...(hooks[0]?.events_types ?? [])].sort()).toEqual([...WEBHOOK_EVENTS].sort());
    expect(result.recreated).toBe(false);
    expect(registrar.current()).toEqual({
      webhookId: result.webhookId,
      url: w.receiver.url('/hooks/abc'),
    });
  });

  it('updates the same webhook when the public URL changes and still signs for the old URL', async () => {
    const w = await world();
    const registrar = w.registrar();
    const first = await registrar.ensure(w.receiver.url('/hooks/one'));
    const second = await registrar.ensure(w.receiver.url('/hooks/two'));
    expect(second.webhookId).toBe(first.webhookId);
    const hooks = await w.client.listWebhooks();
    expect(hooks.map((h) => h.url)).toEqual([w.receiver.url('/hooks/two')]);
    const key = hooks[0]?.auth_key;
    expect(await registrar.signingTargets()).toEqual([
      { url: w.receiver.url('/hooks/two'), authKey: key },
      { url: w.receiver.url('/hooks/one'), authKey: key },
    ]);
  });

  it('costs a single API read when the webhook is already in place', async () => {
    const w = await world();
    const registrar = w.registrar();
    await registrar.ensure(w.receiver.url('/hooks/x'));
    const before = w.sb.requestLog().length;
    await registrar.ensure(w.receiver.url('/hooks/x'));
    expect(
      w.sb
        .requestLog()
        .slice(before)
        .map((r) => r.method),
    ).toEqual(['GET']);
  });

  it('does not duplicate the webhook when a second console instance registers the same URL', async () => {
    const w = await world();
    const url = w.receiver.url('/hooks/shared');
    const [a, b] = await Promise.all([w.registrar().ensure(url), w.registrar().ensure(url)]);
    // A console with its own data folder adopts the webhook at its exact URL instead of adding one.
    const other = openStoreWithAccount(tmp.file('other.sqlite'), {
      apiUrl: w.sb.apiUrl,
      kind: 'test',
    });
    cleanups.closing(other.store);
    const c = await sandboxRegistrar(w.sb, { client: w.client, ...other }).ensure(url);
    expect(new Set([a.webhookId, b.webhookId, c.webhookId]).size).toBe(1);
    expect(await w.client.listWebhooks()).toHaveLength(1);
  });

  it("never touches the merchant's own webhooks and deletes only its own stale ones", async () => {
    const w = await world();
    const merchants = await w.client.createWebhook({
      url: w.receiver.url('/erp'),
      events_types: ['invoice.created', 'checkout.succeeded'],
    });
    const registrar = w.registrar();
    const first = await registrar.ensure(w.receiver.url('/hooks/old'));
    // A stale webhook this console created earlier (e.g. before its current flag moved).
    const stale = await w.client.createWebhook({
      url: w.receiver.url('/hooks/stale'),
      events_types: [...CHECKOUT_EVENTS],
    });
    // A stale row as an earlier run left it (the repo makes a row stale only by making another
    // current, which would rewrite the current one too).
    withRawDb(w.store.file, (db) =>
      db
        .prepare(
          `INSERT INTO webhook_endpoints (account_id, webhook_id, url, events_json, current, created_at, updated_at)
           VALUES (?, ?, ?, '[]', 0, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`,
        )
        .run(w.accountId, stale.id, stale.url),
    );
    await registrar.ensure(w.receiver.url('/hooks/new'));

    const hooks = await w.client.listWebhooks();
    expect(hooks.map((h) => h.id).sort()).toEqual([merchants.id, first.webhookId].sort());
    const untouched = hooks.find((h) => h.id === merchants.id);
    expect(untouched).toMatchObject({
      url: merchants.url,
      events_types: merchants.events_types,
      auth_key: merchants.auth_key,
      updated_at: merchants.updated_at,
    });

    await registrar.remove();
    expect((await w.client.listWebhooks()).map((h) => h.id)).toEqual([merchants.id]);
    expect(registrar.current()).toBeNull();
  });

  it('keeps a webhook it could not delete and removes it on the next try', async () => {
    const w = await world();
    const registrar = w.registrar();
    const { webhookId } = await registrar.ensure(w.receiver.url('/hooks/d'));
    const fault = await fetch(`${w.sb.origin}/__sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ path: `/api/webhooks/${webhookId}`, method: 'DELETE', status: 503 }),
    });
    expect(fault.status).toBe(201);
    await expect(registrar.remove()).rejects.toMatchObject({ code: 'server_error' });
    expect((await w.client.listWebhooks()).map((h) => h.id)).toEqual([webhookId]);
    await registrar.remove();
    expect(await w.client.listWebhooks()).toEqual([]);
  });

  it('re-creates the webhook when Quaderno has deleted it', async () => {
    const w = await world();
    const registrar = w.registrar();
    const first = await registrar.ensure(w.receiver.url('/hooks/r'));
    await w.client.deleteWebhook(first.webhookId); // what Quaderno does after two failed deliveries
    const again = await registrar.verify();
    expect(again).toMatchObject({ url: w.receiver.url('/hooks/r'), recreated: true });
    expect(again?.webhookId).not.toBe(first.webhookId);
    const hooks = await w.client.listWebhooks();
    expect(hooks.map((h) => h.id)).toEqual([again?.webhookId]);
    expect(await registrar.signingTargets()).toContainEqual({
      url: w.receiver.url('/hooks/r'),
      authKey: hooks[0]?.auth_key,
    });
  });

  it('keeps the auth key in the keychain and never in SQLite', async () => {
    const w = await world();
    const result = await w.registrar().ensure(w.receiver.url('/hooks/k'));
    const [hook] = await w.client.listWebhooks();
    expect(hook?.auth_key).toMatch(/^[\w-]{22}$/);
    expect(await w.secrets.get(authKeyName(w.sb.apiUrl, result.webhookId))).toBe(hook?.auth_key);
    w.store.close();
    for (const suffix of ['', '-wal']) {
      let bytes = '';
      try {
        bytes = readFileSync(w.store.file + suffix, 'latin1');
      } catch {
        continue;
      }
      expect(bytes).not.toContain(hook?.auth_key);
    }
  });

  it('leaves no webhook at Quaderno when the keychain refuses its key, and registers once it is back', async () => {
    const w = await world();
    let locked = true;
    const secrets: SecretStore = {
      ...w.secrets,
      set: (name, value) =>
        locked
          ? Promise.reject(new ConsoleError('keychain_unavailable', 'The keychain is locked.'))
          : w.secrets.set(name, value),
    };
    const registrar = sandboxRegistrar(w.sb, { ...w, secrets });
    await expect(registrar.ensure(w.receiver.url('/hooks/locked'))).rejects.toMatchObject({
      code: 'keychain_unavailable',
    });
    expect(await w.client.listWebhooks()).toEqual([]);
    expect(registrar.current()).toBeNull();

    locked = false;
    const result = await registrar.ensure(w.receiver.url('/hooks/locked'));
    expect((await w.client.listWebhooks()).map((h) => h.id)).toEqual([result.webhookId]);
    expect(registrar.current()?.webhookId).toBe(result.webhookId);
  });

  it('re-reads a memory-only key from the API after a restart (sandbox accounts)', async () => {
    const w = await world();
    const result = await w.registrar({ keepKeysInMemory: true }).ensure(w.receiver.url('/hooks/m'));
    expect(await w.secrets.get(authKeyName(w.sb.apiUrl, result.webhookId))).toBeNull();
    const restarted = w.registrar({ keepKeysInMemory: true });
    const [hook] = await w.client.listWebhooks();
    expect(await restarted.signingTargets()).toEqual([
      { url: w.receiver.url('/hooks/m'), authKey: hook?.auth_key },
    ]);
  });

  it('asks the API once for a key it cannot find, however many deliveries arrive meanwhile', async () => {
    // Every delivery (a forger's junk too, signed or not) asks for the signing targets: while
    // Quaderno has dropped the webhook the console still owns, each was a GET /webhooks/ID,
    // spending the account's rate limit that sync and links need.
    const w = await world();
    const result = await w.registrar({ keepKeysInMemory: true }).ensure(w.receiver.url('/hooks/g'));
    await w.client.deleteWebhook(result.webhookId);
    const restarted = w.registrar({ keepKeysInMemory: true });
    const before = w.sb.requestLog().length;
    const asked = await Promise.all(Array.from({ length: 5 }, () => restarted.signingTargets()));
    for (let k = 0; k < 5; k += 1) asked.push(await restarted.signingTargets());
    expect(asked.every((targets) => targets.length === 0)).toBe(true);
    const reads = w.sb
      .requestLog()
      .slice(before)
      .filter((r) => r.method === 'GET');
    expect(reads).toHaveLength(1);
  });
});
