// Removing an account (`logout`, the app's Settings › Accounts) takes the webhook this console
// made for it along: its auth keys leave the keychain, and Quaderno is asked to delete it.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createConsole, DATABASE_FILE } from '../../../main/console';
import { createQuadernoClient } from '../../../main/quaderno';
import { startSandbox } from '../../../main/sandbox';
import { createMemorySecrets, type SecretStore } from '../../../main/secrets';
import { openStore } from '../../../main/store';
import { authKeyName, createRegistrar } from '../../../main/webhooks';
import { useCleanups } from '../../support/cleanups';
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
    await cc.invoke('accounts.remove', { id: account.id });

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
    await cc.invoke('accounts.remove', { id: account.id });

    expect(await secrets.get(authKeyName(account.apiUrl, webhookId))).toBeNull();
    expect(await cc.invoke('accounts.list', {})).toEqual([]);
  });
});
