// What the store says when an account, a sale or a rule it is asked to change is not there.
// These words reach the merchant as they are (Settings › Accounts, a product sync in the Links
// form or on the command line, Settings › Fulfilment, the sale detail), so they say what happened
// and point at no list to reload.
import { describe, expect, it } from 'vitest';
import { ConsoleError } from '../../../main/errors';
import { useTempDir } from '../../support/temp-dir';
import { useStoreWithAccount } from '../../support/test-store';

const tmp = useTempDir('cc-store-missing-');
const shop = useStoreWithAccount(tmp);

const accountGone = (id: number) =>
  `Account ${id} is no longer in this console: it was removed, or an older backup without it ` +
  'was restored.';

function refusal(call: () => unknown): { code: string; message: string } {
  try {
    call();
  } catch (e) {
    if (e instanceof ConsoleError) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('Expected a refusal');
}

describe("the store's words for an account that is gone", () => {
  it('says it was removed or a backup restored when switching to it or changing it', () => {
    for (const call of [
      () => shop.store.accounts.setActive(4242),
      () => shop.store.accounts.update(4242, { name: 'x' }),
    ]) {
      expect(refusal(call)).toEqual({ code: 'not_found', message: accountGone(4242) });
    }
  });

  it('says the same, and that the products were not saved, when a product sync ends after it went', () => {
    const { store, accountId } = shop;
    store.accounts.remove(accountId);
    const e = refusal(() =>
      store.products.replaceAll(accountId, [
        {
          code: 'prod_ebook',
          name: 'E-book',
          description: null,
          unitAmount: 2100,
          currency: 'EUR',
          kind: 'one_off',
        },
      ]),
    );
    expect(e).toEqual({
      code: 'not_found',
      message:
        `Account ${accountId} is no longer in this console, so its products were not saved: ` +
        'it was removed, or an older backup without it was restored.',
    });
  });
});

describe("the store's words for a sale or a rule the account does not have", () => {
  it("says, in main's words, that a sale to mark or undo is not in the active account's sales", () => {
    const { store, accountId } = shop;
    for (const call of [
      () => store.fulfillments.markFulfilled(accountId, 404),
      () => store.fulfillments.undo(accountId, 404),
    ]) {
      expect(refusal(call)).toEqual({
        code: 'not_found',
        message:
          "Sale 404 is not in the active account's sales. If it was sold under another account, " +
          'switch to that account to see it; otherwise it was removed, with its account or by ' +
          'restoring an older backup.',
      });
    }
  });

  it("says a rule gone before its change was written is not in the active account's rules", () => {
    expect(refusal(() => shop.store.deliveryRules.edit(shop.accountId, 77, { name: 'x' }))).toEqual(
      {
        code: 'not_found',
        message:
          "Rule 77 is not in the active account's rules. If it was made under another account, " +
          'switch to that account first; otherwise it was removed.',
      },
    );
  });
});
