// A link's unknown product makes the catalogue be read again; when that read gets no answer
// (stopped at reconnect, or Quaderno out of reach) nothing was learned about the product, so the
// draft waits rather than being refused as "no product". Our real client against a fake
// Quaderno whose retry wait never ends by itself; counted requests, no time bounds.
import { describe, expect, it } from 'vitest';
import { ConsoleError } from '../../../main/errors';
import { resolveItems, type Catalogue } from '../../../main/links/catalogue';
import { createDraftRunner } from '../../../main/links/drafts';
import type { LinkCreateRequest, LinkResult } from '../../../preload/contract';
import { json } from '../../support/fake-quaderno';
import { stalledProducts } from '../../support/stalled-products';
import { useTempDir } from '../../support/temp-dir';
import { useStoreWithAccount } from '../../support/test-store';

const t = useStoreWithAccount(useTempDir('cc-catalogue-outage-'));

const NEW_ITEM = { id: 1, code: 'NEW', name: 'New product', unit_cost: '5.0', currency: 'EUR' };

const request: LinkCreateRequest = {
  customer: { email: 'jane@example.com' },
  items: [{ product: 'NEW', quantity: 1 }],
  forceNew: false,
};

/** A catalogue that can only answer `refresh` with `failure`. */
function unreachableCatalogue(failure: Error): Catalogue {
  return { get: () => undefined, refresh: () => Promise.reject(failure) };
}

describe('items naming a product the local catalogue lacks', () => {
  it.each([
    new ConsoleError('offline', 'Cannot reach Quaderno.'),
    new ConsoleError('timeout', 'Quaderno did not answer in time.'),
    new ConsoleError('server_error', 'Quaderno failed (503).'),
  ])(
    'fail with the refresh’s own error ($code), which says nothing about the product',
    async (failure) => {
      await expect(resolveItems(request.items, unreachableCatalogue(failure))).rejects.toBe(
        failure,
      );
    },
  );

  it('say there is no such product when Quaderno answered without it', async () => {
    const catalogue: Catalogue = { get: () => undefined, refresh: () => Promise.resolve() };
    await expect(resolveItems(request.items, catalogue)).rejects.toMatchObject({
      code: 'invalid_input',
      fields: { 'items.0.product': expect.stringContaining('There is no product "NEW"') },
    });
  });

  it('keep a draft waiting when a reconnect stops the refresh, and create it once Quaderno answers', async () => {
    // The retry after the 503 waits until the reconnect stops it.
    const { products, seen } = await stalledProducts(t, [json(503, {}), json(200, [NEW_ITEM])]);
    const made = { link: { id: 7 } } as LinkResult;
    const runner = createDraftRunner({
      store: t.store,
      activeAccountId: () => t.accountId,
      // The links context's catalogue, bounded by the attempt's signal.
      async create(draft, accountId, signal) {
        await resolveItems(draft.items, {
          get: (code) => t.store.products.get(accountId, code),
          refresh: async () => {
            await products.sync({ signal });
          },
        });
        return made;
      },
      onCreated: () => undefined,
      retryMs: 60_000,
    });
    runner.save(t.accountId, request);
    void runner.run();
    await expect.poll(() => seen.length).toBe(1);

    await runner.reconnected();
    expect(seen).toHaveLength(2);
    expect(t.store.linkDrafts.list(t.accountId).map((d) => d.status)).toEqual(['created']);
    runner.close();
  });
});
