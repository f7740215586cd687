// A catalogue sync ends with what asked for it (the draft runner stopping at reconnect): its
// retries, waits included, stop at once. Counted requests; the retry wait never ends by itself.
import { describe, expect, it } from 'vitest';
import { json } from '../../support/fake-quaderno';
import { stalledProducts } from '../../support/stalled-products';
import { useTempDir } from '../../support/temp-dir';
import { useStoreWithAccount } from '../../support/test-store';

const t = useStoreWithAccount(useTempDir('cc-products-sync-'));

describe('a catalogue sync', () => {
  it('stops, backoff and all, when its caller’s signal fires', async () => {
    // The retry waits until the stop ends it.
    const { products, seen } = await stalledProducts(t, [json(503, {})]);
    const stop = new AbortController();
    const sync = products.sync({ signal: stop.signal });
    await expect.poll(() => seen.length).toBe(1);
    stop.abort();
    await expect(sync).rejects.toMatchObject({ code: 'timeout' });
    expect(seen).toHaveLength(1);
  });
});
