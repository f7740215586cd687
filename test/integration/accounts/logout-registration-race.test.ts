// A registrar still running for an account that logout removes (the app's live pipeline on a
// tunnel reconnect, or `listen` in another process on the same data folder) must not leave a
// webhook at Quaderno, or its auth key in the keychain, behind the logout.
import { describe, expect, it } from 'vitest';
import type { QuadernoClient } from '../../../main/quaderno';
import { createMemorySecrets, type SecretStore } from '../../../main/secrets';
import { authKeyName } from '../../../main/webhooks';
import { useCleanups } from '../../support/cleanups';
import { useTempDir } from '../../support/temp-dir';
import { sandboxRegistrar, startRegistrarWorld } from '../webhooks/sandbox-registrar';

const tmp = useTempDir('logout-race-');
const cleanups = useCleanups();

/** A keychain that remembers every name written to it. */
function recordingSecrets(): SecretStore & { written: string[] } {
  const inner = createMemorySecrets();
  const written: string[] = [];
  return {
    ...inner,
    written,
    async set(name, value) {
      written.push(name);
      await inner.set(name, value);
    },
  };
}

async function world(
  clientFor: (client: QuadernoClient, removeAccount: () => void) => QuadernoClient,
) {
  const w = await startRegistrarWorld(tmp, cleanups);
  const secrets = recordingSecrets();
  const removeAccount = () => void w.store.accounts.remove(w.accountId);
  const registrar = sandboxRegistrar(w.sb, {
    client: clientFor(w.client, removeAccount),
    store: w.store,
    accountId: w.accountId,
    secrets,
    // As for an account on Quaderno itself: the key goes to the keychain.
    keepKeysInMemory: false,
  });
  return { ...w, secrets, registrar, removeAccount };
}

describe('a registrar whose account is removed', () => {
  it('registers nothing at Quaderno once the account is gone', async () => {
    const w = await world((client) => client);
    w.removeAccount();

    await expect(w.registrar.ensure(w.receiver.url('/hooks/abc'))).rejects.toMatchObject({
      code: 'not_found',
    });

    expect(await w.client.listWebhooks()).toEqual([]);
    expect(w.secrets.written).toEqual([]);
  });

  it('deletes the webhook and key it made when the account went while Quaderno created it', async () => {
    const w = await world((client, removeAccount) => ({
      ...client,
      async createWebhook(input, call) {
        const made = await client.createWebhook(input, call);
        removeAccount(); // logout finished while Quaderno was answering
        return made;
      },
    }));

    await expect(w.registrar.ensure(w.receiver.url('/hooks/abc'))).rejects.toMatchObject({
      code: 'not_found',
    });

    expect(await w.client.listWebhooks()).toEqual([]);
    const [written] = w.secrets.written;
    expect(written).toMatch(/^webhook-auth:/);
    expect(await w.secrets.get(written ?? '')).toBeNull();
  });

  it('keeps registering as before while the account is there', async () => {
    const w = await world((client) => client);

    const { webhookId } = await w.registrar.ensure(w.receiver.url('/hooks/abc'));

    expect((await w.client.listWebhooks()).map((h) => h.id)).toEqual([webhookId]);
    expect(await w.secrets.get(authKeyName(w.sb.apiUrl, webhookId))).not.toBeNull();
  });
});
