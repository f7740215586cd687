// A catalogue sync ends with what asked for it (the draft runner stopping at reconnect): its
// retries, waits included, stop at once. Counted requests; the retry wait never ends by itself.
import { describe, expect, it } from 'vitest';
import { toAccount } from '../../../main/accounts';
import { createProducts } from '../../../main/products';
import { fakeQuaderno, json } from '../../support/fake-quaderno';
import { useTempDir } from '../../support/temp-dir';
import { useStoreWithAccount } from '../../support/test-store';

const t = useStoreWithAccount(useTempDir('cc-products-sync-'));

describe('a catalogue sync', () => {
  it('stops, backoff and all, when its caller’s signal fires', async () => {
    const { client, seen } = await fakeQuaderno([json(503, {})], {
      rateLimit: false,
      // The retry waits until the stop ends it.
      sleep: () => new Promise<void>(() => {}),
    });
    const row = t.store.accounts.get(t.accountId);
    if (!row) throw new Error('no account');
    const products = createProducts({
      store: t.store,
      accounts: {
        active: () => toAccount(row),
        activeClient: async () => ({ account: toAccount(row), client }),
      },
    });
    const stop = new AbortController();
    const sync = products.sync({ signal: stop.signal });
    await expect.poll(() => seen.length).toBe(1);
    stop.abort();
    await expect(sync).rejects.toMatchObject({ code: 'timeout' });
    expect(seen).toHaveLength(1);
  });
});
