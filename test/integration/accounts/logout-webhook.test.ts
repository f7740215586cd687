// Removing an account (`logout`, the app's Settings › Accounts) takes the webhook this console
// made for it along: its auth keys leave the keychain, and Quaderno is asked to delete it.
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { keychainName } from '../../../main/accounts';
import { runLogout } from '../../../main/commands/accounts';
import { createConsole, DATABASE_FILE } from '../../../main/console';
import { createQuadernoClient } from '../../../main/quaderno';
import { startSandbox } from '../../../main/sandbox';
import { createMemorySecrets, type SecretStore } from '../../../main/secrets';
import { keychainTimedOut } from '../../../main/secrets/keychain-errors';
import { openStore } from '../../../main/store';
import { authKeyName, CHECKOUT_EVENTS, createRegistrar } from '../../../main/webhooks';
import { useCleanups } from '../../support/cleanups';
import { drop, hang, json, raw, startFakeQuaderno, type Reply } from '../../support/fake-quaderno';
import { recordingIo } from '../../support/recording-io';
import { useTempDir } from '../../support/temp-dir';
import { startWebhookSink } from '../../support/webhook-sink';

const tmp = useTempDir();
const { closing } = useCleanups();

/** An account on a sandbox whose webhook `listen` registered, its auth key in the keychain. */
async function accountWithWebhook(secrets: SecretStore) {
  const sandbox = closing(await startSandbox({ seed: false }));
  const sink = closing(await startWebhookSink());
  const cc = await createConsole({
    dataDir: tmp.path,
    secrets,
    env: {},
    live: { autoStart: false },
  });
  const account = await cc.invoke('accounts.add', {
    account: sandbox.apiUrl,
    apiKey: sandbox.apiKey,
  });
  await cc.close();
  const store = openStore(join(tmp.path, DATABASE_FILE));
  const client = createQuadernoClient({ apiUrl: sandbox.apiUrl, apiKey: sandbox.apiKey });
  try {
    const registrar = createRegistrar({
      client,
      store,
      secrets,
      accountId: account.id,
      apiUrl: account.apiUrl,
      // As for an account on Quaderno itself: the key goes to the keychain.
      keepKeysInMemory: false,
    });
    const { webhookId } = await registrar.ensure(sink.url());
    return { sandbox, client, account, webhookId };
  } finally {
    store.close();
  }
}

describe('removing an account', () => {
  it('deletes its webhook’s auth key from the keychain and the webhook from Quaderno', async () => {
    const secrets = createMemorySecrets();
    const { client, account, webhookId } = await accountWithWebhook(secrets);
    const keyName = authKeyName(account.apiUrl, webhookId);
    expect(await secrets.get(keyName)).not.toBeNull();

    const cc = closing(
      await createConsole({ dataDir: tmp.path, secrets, env: {}, live: { autoStart: false } }),
    );
    const result = await cc.invoke('accounts.remove', { id: account.id });

    expect(result).toEqual({ removed: true, webhooksLeft: [], secretsLeft: [] });
    expect(await secrets.get(keyName)).toBeNull();
    expect((await client.listWebhooks()).map((w) => w.id)).not.toContain(webhookId);
  });

  it('still logs out and deletes the auth key when Quaderno cannot be reached', async () => {
    const secrets = createMemorySecrets();
    const { sandbox, account, webhookId } = await accountWithWebhook(secrets);
    await sandbox.close();

    const cc = closing(
      await createConsole({ dataDir: tmp.path, secrets, env: {}, live: { autoStart: false } }),
    );
    const result = await cc.invoke('accounts.remove', { id: account.id });

    expect(result).toEqual({ removed: true, webhooksLeft: [webhookId], secretsLeft: [] });
    expect(await secrets.get(authKeyName(account.apiUrl, webhookId))).toBeNull();
    expect(await cc.invoke('accounts.list', {})).toEqual([]);
  });

  it('still reports the webhook left, and says the accounts changed, when the keychain times out deleting its auth key', async () => {
    const inner = createMemorySecrets();
    let authKeysTimeOut = false;
    const secrets: SecretStore = {
      ...inner,
      delete: async (name) => {
        if (authKeysTimeOut && name.startsWith('webhook-auth:')) throw keychainTimedOut(5000);
        return inner.delete(name);
      },
    };
    const { sandbox, account, webhookId } = await accountWithWebhook(secrets);
    await sandbox.close();
    const cc = closing(
      await createConsole({ dataDir: tmp.path, secrets, env: {}, live: { autoStart: false } }),
    );
    const changes: unknown[] = [];
    cc.on('accounts.changed', (e) => changes.push(e));
    authKeysTimeOut = true;

    const result = await cc.call('accounts.remove', { id: account.id });

    expect(result).toEqual({
      ok: true,
      value: {
        removed: true,
        webhooksLeft: [webhookId],
        secretsLeft: [authKeyName(account.apiUrl, webhookId)],
      },
    });
    expect(await cc.invoke('accounts.list', {})).toEqual([]);
    expect(changes).toHaveLength(1);
  });

  it('says on the command line which webhook Quaderno still has when it could not be reached', async () => {
    const secrets = createMemorySecrets();
    const { sandbox, webhookId } = await accountWithWebhook(secrets);
    await sandbox.close();
    const cc = closing(
      await createConsole({ dataDir: tmp.path, secrets, env: {}, live: { autoStart: false } }),
    );
    const { io, out, err } = recordingIo();

    await runLogout(cc, {}, io, {});

    expect(out).toEqual([expect.stringMatching(/^Logged out of /)]);
    expect(err).toEqual([
      `Quaderno did not confirm deleting this console's webhook (id ${webhookId}): delete it in Quaderno by hand.`,
    ]);
  });
});

/** Answers with headers, then a byte now and then, and never ends the body. */
const drip: Reply = (res: ServerResponse) => {
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.write('{');
  const timer = setInterval(() => res.write(' '), 200);
  res.on('close', () => clearInterval(timer));
};

/** Resolves as `work` does, or rejects once `ms` passed without it settling. */
async function settlesWithin<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still running after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, bound]);
  } finally {
    clearTimeout(timer);
  }
}

describe('removing an account whose Quaderno misbehaves', () => {
  const WEBHOOK_ID = 7;

  /** An account on a fake Quaderno giving every request `reply`, with one webhook recorded. */
  async function accountOnFakeQuaderno(secrets: SecretStore, ...replies: Reply[]) {
    const server = await startFakeQuaderno(replies);
    const store = openStore(join(tmp.path, DATABASE_FILE));
    let accountId: number;
    try {
      accountId = store.accounts.add({
        name: 'acme',
        apiUrl: server.apiUrl,
        kind: 'test',
        email: null,
        identityId: 1,
      }).id;
      store.webhookEndpoints.setCurrent(accountId, {
        webhookId: WEBHOOK_ID,
        url: 'https://acme.example/hooks/abc',
        events: CHECKOUT_EVENTS,
      });
    } finally {
      store.close();
    }
    await secrets.set(keychainName(server.apiUrl), 'sk_test_fake');
    const keyName = authKeyName(server.apiUrl, WEBHOOK_ID);
    await secrets.set(keyName, 'auth-key');
    return { server, accountId, keyName };
  }

  it.each([
    ['never answers', hang],
    ['drips its answer and never ends it', drip],
    ['answers 503 at once', json(503, { error: 'Service unavailable' })],
  ])(
    'logs out well within 15 s with one request and the auth key deleted when Quaderno %s',
    async (_, reply) => {
      const secrets = createMemorySecrets();
      const { server, accountId, keyName } = await accountOnFakeQuaderno(secrets, reply);
      const cc = closing(
        await createConsole({ dataDir: tmp.path, secrets, env: {}, live: { autoStart: false } }),
      );

      const result = await settlesWithin(15_000, cc.invoke('accounts.remove', { id: accountId }));

      expect(result).toEqual({ removed: true, webhooksLeft: [WEBHOOK_ID], secretsLeft: [] });
      expect(await secrets.get(keyName)).toBeNull();
      expect(server.seen.map((r) => `${r.method} ${r.url}`)).toEqual([
        `DELETE /api/webhooks/${WEBHOOK_ID}.json`,
      ]);
    },
    30_000,
  );

  it('says on the command line which webhook Quaderno still has when it answered 503, claiming no unreachable Quaderno', async () => {
    const secrets = createMemorySecrets();
    await accountOnFakeQuaderno(secrets, json(503, { error: 'Service unavailable' }));
    const cc = closing(
      await createConsole({ dataDir: tmp.path, secrets, env: {}, live: { autoStart: false } }),
    );
    const { io, out, err } = recordingIo();

    await runLogout(cc, { 'api-url': 'acme' }, io, {});

    expect(out).toEqual(['Logged out of acme; its key is no longer kept on this machine.']);
    expect(err).toEqual([
      `Quaderno did not confirm deleting this console's webhook (id ${WEBHOOK_ID}): delete it in Quaderno by hand.`,
    ]);
  });

  it('tries once more at once when the connection was dropped before any answer', async () => {
    const secrets = createMemorySecrets();
    const { server, accountId, keyName } = await accountOnFakeQuaderno(secrets, drop, raw(204, ''));
    const cc = closing(
      await createConsole({ dataDir: tmp.path, secrets, env: {}, live: { autoStart: false } }),
    );

    const result = await settlesWithin(15_000, cc.invoke('accounts.remove', { id: accountId }));

    expect(result).toEqual({ removed: true, webhooksLeft: [], secretsLeft: [] });
    expect(await secrets.get(keyName)).toBeNull();
    expect(server.seen.map((r) => `${r.method} ${r.url}`)).toEqual([
      `DELETE /api/webhooks/${WEBHOOK_ID}.json`,
      `DELETE /api/webhooks/${WEBHOOK_ID}.json`,
    ]);
  });
});
