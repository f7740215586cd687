// The products service of a test's account, on our real client against a fake Quaderno whose
// waits between retries never end by themselves: only the caller's stop signal ends a retry.
import { toAccount } from '../../main/accounts';
import { createProducts, type ProductsService } from '../../main/products';
import { fakeQuaderno, type Reply, type SeenRequest } from './fake-quaderno';
import type { StoreWithAccount } from './test-store';

export async function stalledProducts(
  t: StoreWithAccount,
  replies: Reply[],
): Promise<{ products: ProductsService; seen: SeenRequest[] }> {
  const { client, seen } = await fakeQuaderno(replies, {
    rateLimit: false,
    sleep: () => new Promise<void>(() => {}),
  });
  const row = t.store.accounts.get(t.accountId);
  if (!row) throw new Error('no account');
  const account = toAccount(row);
  const products = createProducts({
    store: t.store,
    accounts: { active: () => account, activeClient: async () => ({ account, client }) },
  });
  return { products, seen };
}
