// What main says when the merchant acts on a rule, a delivery or a sale the active account does
// not have. The words show in Settings › Fulfilment (a rule's switch, Remove, Save, its preview),
// in a sale's deliveries, and through the contract to any caller, so they say what happened and
// point at no list to reload. (The CLI's `rule` and `job` commands say "No rule N; …" instead.)
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../../main/console';
import { ConsoleError } from '../../../main/errors';
import { notFound, openStore } from '../../../main/store';
import { useRig } from '../../support/live-rig';
import { addNamedAccount } from '../../support/named-accounts';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir('cc-delivery-missing-');
const rig = useRig(tmp);

const ruleMissing = (id: number) =>
  `Rule ${id} is not in the active account's rules. If it was made under another account, ` +
  'switch to that account first; otherwise it was removed.';

const jobMissing = (id: number) =>
  `Delivery job ${id} is not in the active account's deliveries. If its sale was sold under ` +
  'another account, switch to that account to see it; otherwise it was removed, with its ' +
  'account or by restoring an older backup.';

const email = {
  kind: 'email' as const,
  subject: 'Your ebook',
  body: 'Hi {firstName}',
  downloadUrl: null,
};

async function refusal(p: Promise<unknown>): Promise<ConsoleError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  if (!(e instanceof ConsoleError)) throw new Error(`Expected a ConsoleError, got ${String(e)}`);
  return e;
}

async function open() {
  return rig.console(await rig.sandbox(), { live: { autoStart: false } });
}

/** A rule written under another account of the same data file, as `account use` leaves it. */
function ruleUnderAnotherAccount(): number {
  const store = openStore(join(tmp.path, DATABASE_FILE));
  try {
    const other = addNamedAccount(store, 'other');
    return store.deliveryRules.add(other, {
      name: 'Other shop',
      productCode: null,
      action: email,
      enabled: true,
      useLicenceKeys: false,
    }).id;
  } finally {
    store.close();
  }
}

describe("main's answer for a rule the active account does not have", () => {
  it('says what may have happened, and asks for no reload, for every rule method', async () => {
    const cc = await open();
    const id = 987_654;
    for (const call of [
      () => cc.invoke('rules.edit', { id, name: 'Renamed' }),
      () => cc.invoke('rules.remove', { id }),
      () => cc.invoke('rules.setEnabled', { id, enabled: false }),
      () => cc.invoke('rules.preview', { id }),
      () => cc.invoke('rules.sendTest', { id }),
    ]) {
      const e = await refusal(call());
      expect(e.code).toBe('not_found');
      expect(e.message).toBe(ruleMissing(id));
    }
  });

  it('says the same for a rule made under another account, and leaves that rule as it was', async () => {
    const cc = await open();
    const id = ruleUnderAnotherAccount();
    const e = await refusal(cc.invoke('rules.setEnabled', { id, enabled: false }));
    expect(e.message).toBe(ruleMissing(id));
    const store = openStore(join(tmp.path, DATABASE_FILE));
    try {
      expect(store.deliveryRules.list(addNamedAccount(store, 'other'))[0]?.enabled).toBe(true);
    } finally {
      store.close();
    }
  });

  it("answers a preview for a sale the account does not have in the sale's own words", async () => {
    const cc = await open();
    const rule = await cc.invoke('rules.add', { name: 'Ebook email', action: email });
    const e = await refusal(cc.invoke('rules.preview', { id: rule.id, saleId: 424_242 }));
    expect(e.code).toBe('not_found');
    expect(e.message).toBe(notFound('sale', 424_242).message);
  });
});

describe("main's answer for a delivery the active account does not have", () => {
  it('says what may have happened, and asks for no reload, for Retry and Mark done', async () => {
    const cc = await open();
    for (const method of ['jobs.retry', 'jobs.markDone'] as const) {
      const e = await refusal(cc.invoke(method, { id: 31_337 }));
      expect(e.code).toBe('not_found');
      expect(e.message).toBe(jobMissing(31_337));
    }
  });
});
