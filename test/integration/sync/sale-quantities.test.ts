// A webhook for a session the console never saw names the product's code alone; the next sync
// reads the session and adds how many were bought, without counting the sale as a new one.
import { describe, expect, it } from 'vitest';
import { createSync } from '../../../main/sync';
import { useRig } from '../../support/live-rig';
import { newFulfillment } from '../../support/sale-fixtures';
import { suiteProfile } from '../../support/sandbox-profiles';
import { useTempDir } from '../../support/temp-dir';
import { useStoreWithAccount } from '../../support/test-store';
import { control, fastClient, productCode } from './helpers';

const tmp = useTempDir('cc-sync-quantities-');
const rig = useRig();
const ledger = useStoreWithAccount(tmp);

describe('sync completes the quantities of a webhook sale', () => {
  it('adds the session quantity to a sale a webhook recorded with the product code only', async () => {
    const sb = await rig.sandbox({
      rateLimit: { limit: 100_000, windowMs: 1000 },
      profile: suiteProfile(),
    });
    const client = fastClient(sb);
    const code = await productCode(client);
    const session = await client.createSession({
      items: [{ product: code, quantity: 3 }],
      success_url: 'https://shop.example/ok',
      cancel_url: 'https://shop.example/no',
      customer: { email: 'cy@example.com' },
    });
    await control(sb, `/__sandbox/checkout/sessions/${session.id}/complete`);
    const { store, accountId } = ledger;
    const webhookSale = newFulfillment({
      sessionId: session.id,
      source: 'webhook',
      amount: 9_999,
      products: [{ code, name: null, quantity: null, unitAmount: null }],
    });
    const { id } = store.fulfillments.record(accountId, webhookSale);
    const changed: number[][] = [];

    const sync = createSync({
      client,
      store,
      accountId,
      onFulfillment: (_a, ids) => changed.push(ids),
    });
    const result = await sync.run();

    const sale = store.fulfillments.get(accountId, id);
    // The unit price the session itself holds, in minor units (docs/quaderno-api.md: cents).
    const unitAmount = session.items[0]?.amount;
    expect(typeof unitAmount).toBe('number');
    expect(sale?.products).toEqual([expect.objectContaining({ code, quantity: 3, unitAmount })]);
    // The webhook's own figures stay: sync only filled what it had not said.
    expect(sale).toMatchObject({ source: 'webhook', amount: 9_999 });
    expect(result.fulfillmentsAdded).toBe(0);
    expect(changed.flat()).toEqual([id]);
    expect((await sync.run()).fulfillmentsAdded).toBe(0);
  });
});
