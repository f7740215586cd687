import { describe, expect, it } from 'vitest';
import { emailRule, recordSale } from '../../support/delivery-store';
import { withRawDb } from '../../support/raw-db';
import { addNamedAccount } from '../../support/named-accounts';
import { useTempDir } from '../../support/temp-dir';
import { useStoreWithAccount } from '../../support/test-store';

const tmp = useTempDir('cc-rules-');
let clock = '2026-11-28T09:00:00.000Z';
const rig = useStoreWithAccount(tmp, {}, { now: () => clock });
const rules = () => rig.store.deliveryRules;

function spoilAction(id: number, json: string): void {
  withRawDb(rig.store.file, (db) =>
    db.prepare('UPDATE delivery_rules SET action_json = ? WHERE id = ?').run(json, id),
  );
}

describe('delivery rules', () => {
  it('adds, lists, edits and removes a rule', () => {
    const added = rules().add(rig.accountId, emailRule({ productCode: 'ebook' }));
    expect(added).toEqual({
      id: added.id,
      ...emailRule({ productCode: 'ebook' }),
      createdAt: clock,
      updatedAt: clock,
    });
    const forward = rules().add(
      rig.accountId,
      emailRule({ name: 'Shop', action: { kind: 'forward', url: 'https://shop.example/hook' } }),
    );
    expect(
      rules()
        .list(rig.accountId)
        .map((r) => r.name),
    ).toEqual(['Ebook email', 'Shop']);

    clock = '2026-11-28T10:00:00.000Z';
    const edited = rules().edit(rig.accountId, forward.id, {
      action: { kind: 'command', command: 'deliver.sh', timeoutSeconds: 60 },
      enabled: false,
    });
    expect(edited).toMatchObject({
      name: 'Shop',
      action: { kind: 'command', command: 'deliver.sh', timeoutSeconds: 60 },
      enabled: false,
      createdAt: '2026-11-28T09:00:00.000Z',
      updatedAt: clock,
    });
    expect(rules().get(rig.accountId, forward.id)).toEqual(edited);

    expect(rules().remove(rig.accountId, forward.id)).toBe(true);
    expect(rules().remove(rig.accountId, forward.id)).toBe(false);
    expect(rules().get(rig.accountId, forward.id)).toBeUndefined();
    expect(() => rules().edit(rig.accountId, forward.id, { name: 'x' })).toThrow(
      /not in the active account's rules/,
    );
  });

  it('keeps what a patch leaves undefined, as an edit input with absent fields reads', () => {
    const rule = rules().add(rig.accountId, emailRule({ productCode: 'ebook' }));
    const edited = rules().edit(rig.accountId, rule.id, {
      name: undefined,
      productCode: undefined,
      action: undefined,
      enabled: false,
    });
    expect(edited).toMatchObject({ name: rule.name, productCode: 'ebook', action: rule.action });
  });

  it('keeps each account to its own rules', () => {
    const rule = rules().add(rig.accountId, emailRule());
    const other = addNamedAccount(rig.store, 'other');
    expect(rules().list(other)).toEqual([]);
    expect(rules().get(other, rule.id)).toBeUndefined();
    expect(rules().remove(other, rule.id)).toBe(false);
    expect(recordSale(rig.store, other, 1).jobs).toBeUndefined();
  });

  it('reads a hand-edited action as a switched-off rule that matches no sale', () => {
    const broken = rules().add(rig.accountId, emailRule({ name: 'Broken' }));
    const fine = rules().add(rig.accountId, emailRule({ name: 'Fine' }));
    spoilAction(broken.id, '{"kind":"email","subject":');
    const wrongKind = rules().add(rig.accountId, emailRule({ name: 'Wrong kind' }));
    spoilAction(wrongKind.id, '{"kind":"forward","url":"https://shop.example/hook"}');

    expect(rules().list(rig.accountId)).toMatchObject([
      { name: 'Broken', enabled: false, action: { kind: 'email', subject: '', body: '' } },
      { name: 'Fine', enabled: true },
      { name: 'Wrong kind', enabled: false, action: { kind: 'email', subject: '' } },
    ]);
    const sale = recordSale(rig.store, rig.accountId, 1);
    expect(
      rig.store.deliveryJobs.list(rig.accountId, { saleId: sale.id, limit: 10, offset: 0 }).items,
    ).toMatchObject([{ ruleId: fine.id }]);
  });

  it('switches an unreadable rule on only once its action is written again', () => {
    const broken = rules().add(rig.accountId, emailRule({ name: 'Broken' }));
    spoilAction(broken.id, 'not json');

    expect(() => rules().edit(rig.accountId, broken.id, { enabled: true })).toThrow(
      /cannot read.*Write its action again/,
    );
    // A rename keeps the stored action as it was, still off.
    expect(rules().edit(rig.accountId, broken.id, { name: 'Renamed' })).toMatchObject({
      name: 'Renamed',
      enabled: false,
    });
    withRawDb(rig.store.file, (db) =>
      expect(
        db.prepare('SELECT action_json FROM delivery_rules WHERE id = ?').pluck().get(broken.id),
      ).toBe('not json'),
    );

    const fixed = rules().edit(rig.accountId, broken.id, {
      action: { kind: 'email', subject: 'Hi', body: 'Thanks', downloadUrl: null },
      enabled: true,
    });
    expect(fixed).toMatchObject({ enabled: true, action: { subject: 'Hi' } });
  });
});
