// The registrar checks the receiver answers HEAD before it asks Quaderno for a webhook, and that
// check waits on the network: logout may remove the account meanwhile. The account is checked
// again after it, so no webhook is asked for on behalf of an account that is gone.
import { describe, expect, it } from 'vitest';
import { createMemorySecrets } from '../../../main/secrets';
import { createRegistrar } from '../../../main/webhooks';
import { useCleanups } from '../../support/cleanups';
import { useTempDir } from '../../support/temp-dir';
import { startRegistrarWorld } from './sandbox-registrar';

const tmp = useTempDir('registrar-head-gone-');
const cleanups = useCleanups();

describe('a registrar whose account is removed while it checks the receiver', () => {
  it('asks Quaderno for no webhook once the HEAD check is answered', async () => {
    const w = await startRegistrarWorld(tmp, cleanups);
    let heads = 0;
    let creates = 0;
    const registrar = createRegistrar({
      apiUrl: w.sb.apiUrl,
      store: w.store,
      accountId: w.accountId,
      secrets: createMemorySecrets(),
      client: {
        ...w.client,
        async createWebhook(input, call) {
          creates += 1;
          return w.client.createWebhook(input, call);
        },
      },
      // Logout finishes while the receiver answers the HEAD check.
      fetch: async (input, init) => {
        if (init?.method === 'HEAD') {
          heads += 1;
          w.store.accounts.remove(w.accountId);
        }
        return fetch(input, init);
      },
    });

    await expect(registrar.ensure(w.receiver.url('/hooks/abc'))).rejects.toMatchObject({
      code: 'not_found',
    });

    expect(heads).toBe(1);
    expect(creates).toBe(0);
    expect(await w.client.listWebhooks()).toEqual([]);
  });
});
