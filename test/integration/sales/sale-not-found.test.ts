// What main says when the merchant asks for a sale the active account does not have: the same
// words in every place they show (the sale detail, a notification's sale, the command line), so
// they point at no list, and they name both ways a sale leaves an account's history.
import { describe, expect, it } from 'vitest';
import { createFulfillmentHandlers, createSalesHandlers } from '../../../main/sales';
import { ConsoleError } from '../../../main/errors';
import { addNamedAccount } from '../../support/named-accounts';
import { newFulfillment } from '../../support/sale-fixtures';
import { useTempDir } from '../../support/temp-dir';
import { useStoreWithAccount } from '../../support/test-store';

const tmp = useTempDir();
const shop = useStoreWithAccount(tmp);

const saleMissing = (id: number) =>
  `Sale ${id} is not in the active account's sales. If it was sold under another account, ` +
  'switch to that account to see it; otherwise it was removed, with its account or by ' +
  'restoring an older backup.';

/** Sale 1 recorded under the first account, and the handlers of a second, active, account. */
function saleUnderAnotherAccount() {
  const { id } = shop.store.fulfillments.record(shop.accountId, newFulfillment());
  const other = addNamedAccount(shop.store, 'other');
  const handlers = createFulfillmentHandlers({ store: shop.store, accountId: () => other });
  return { id, handlers };
}

async function refusal(call: Promise<unknown>): Promise<ConsoleError> {
  const e = await call.then(
    () => null,
    (err: unknown) => err,
  );
  if (!(e instanceof ConsoleError)) throw new Error(`Expected a ConsoleError, got ${String(e)}`);
  return e;
}

describe("main's answer for a sale the active account does not have", () => {
  it('says what may have happened, and asks for no list, when the sale is read', async () => {
    const { id, handlers } = saleUnderAnotherAccount();
    const e = await refusal(handlers['fulfillments.get']({ id }));
    expect(e.code).toBe('not_found');
    expect(e.message).toBe(saleMissing(id));
  });

  it('says the same when Mark fulfilled or Undo is asked for it, and changes nothing', async () => {
    const { id, handlers } = saleUnderAnotherAccount();
    for (const call of [
      () => handlers['fulfillments.markFulfilled']({ id }),
      () => handlers['fulfillments.undo']({ id }),
    ]) {
      const e = await refusal(call());
      expect(e.code).toBe('not_found');
      expect(e.message).toBe(saleMissing(id));
    }
    expect(shop.store.fulfillments.get(shop.accountId, id)?.status).toBe('new');
  });

  it('says the same for a sale no account has (removed, or a backup restored)', async () => {
    const handlers = createFulfillmentHandlers({
      store: shop.store,
      accountId: () => shop.accountId,
    });
    const e = await refusal(handlers['fulfillments.markFulfilled']({ id: 404 }));
    expect(e.message).toBe(saleMissing(404));
  });

  it("says the same of an event, for the activity log and the sale detail's event", async () => {
    const handlers = createSalesHandlers({
      store: shop.store,
      activeAccount: () => ({ id: shop.accountId }),
      emit: () => undefined,
    });
    const e = await refusal(handlers['events.get']({ id: 404 }));
    expect(e.code).toBe('not_found');
    expect(e.message).toBe(
      "That event is not in the active account's history. If it came to another account, " +
        'switch to that account to see it; otherwise it was removed, with its account or by ' +
        'restoring an older backup.',
    );
  });
});
