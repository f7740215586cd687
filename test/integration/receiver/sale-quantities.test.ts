// What the receiver knows of a sale's quantities: a checkout event carries only the product's
// code (docs/quaderno-api.md, "Event payloads"), so the count comes from the session, the
// console's own or the one Quaderno confirms; without either it stays unknown, never "1".
import { describe, expect, it } from 'vitest';
import { UNKNOWN_CUSTOMER } from '../../support/sale-fixtures';
import { useTempDir } from '../../support/temp-dir';
import { deliver, eventually, startRig, succeededBody } from './helpers';

const tmp = useTempDir('cc-receiver-quantities-');

const THREE_HOURS = {
  product: 'prod_ebook',
  name: 'Consulting Hour',
  quantity: 3,
  unitAmount: 12_000,
  currency: 'EUR',
};

describe('quantities of a sale the receiver records', () => {
  it("takes the quantity and unit price from the console's own link", async () => {
    const rig = await startRig(tmp);
    rig.store.sessions.upsert(
      rig.accountId,
      {
        id: 901,
        status: 'pending',
        permalink: 'https://shop.quadernoapp.com/checkout/session/901',
        customer: UNKNOWN_CUSTOMER,
        items: [THREE_HOURS],
        total: 36_000,
        currency: 'EUR',
        metadata: {},
        fingerprint: null,
      },
      { origin: 'console' },
    );
    expect((await deliver(rig, succeededBody({ session: 901 }))).status).toBe(200);
    const sale = await eventually(() => rig.store.fulfillments.bySession(rig.accountId, 901));
    expect(sale.products).toEqual([
      { code: 'prod_ebook', name: 'Consulting Hour', quantity: 3, unitAmount: 12_000 },
    ]);
  });

  it('says nothing of the quantity when only the product code is known', async () => {
    const rig = await startRig(tmp);
    expect((await deliver(rig, succeededBody({ session: 902 }))).status).toBe(200);
    const sale = await eventually(() => rig.store.fulfillments.bySession(rig.accountId, 902));
    expect(sale.products).toEqual([
      { code: 'prod_ebook', name: null, quantity: null, unitAmount: null },
    ]);
  });

  it('takes the quantity Quaderno confirms for a badly signed sale', async () => {
    const rig = await startRig(tmp, {
      confirm: async (_account, id) => ({
        id,
        status: 'completed',
        permalink: 'https://shop.quadernoapp.com/checkout/session/x',
        customer: { email: 'jane@example.com' },
        items: [THREE_HOURS],
        total: 36_000,
        currency: 'EUR',
      }),
    });
    const bad = { url: rig.url, authKey: 'xxxxxxxxxxxxxxxxxxxxxx' };
    expect((await deliver(bad, succeededBody({ session: 903 }))).status).toBe(200);
    const sale = await eventually(() => rig.store.fulfillments.bySession(rig.accountId, 903));
    expect(sale).toMatchObject({ source: 'api_confirmed' });
    expect(sale.products).toEqual([
      { code: 'prod_ebook', name: 'Consulting Hour', quantity: 3, unitAmount: 12_000 },
    ]);
  });
});
