// Delivery rules (schema 13): which sales of an account get which action. The action is stored
// as JSON and read back through the contract's `ruleActionInput`, so a rule reads exactly as an
// input would have been accepted.
//
// A rule whose action_json no longer reads (a hand edit, a console that wrote another shape)
// reads as switched off, with an empty action of its kind: it stays listed, so the merchant sees
// it and can fix or remove it, but it matches no sale (see `enabledFor`) and cannot be switched
// on again until an action is written over it. Failing every list instead would hide every rule.
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import {
  ruleActionInput,
  ruleActionKinds,
  type DeliveryRule,
  type RuleAction,
  type RuleActionKind,
} from '../../preload/contract-delivery';
import { ConsoleError } from '../errors';
import type { DeliveryRulesRepo, NewRule } from '../delivery';
import { systemNow } from './clock';
import { readJson } from './json';

export type StoredRule = Omit<DeliveryRule, 'hasSecret'>;

/** A rule as read, with whether its stored action could be read at all. */
export interface ReadRule extends StoredRule {
  readable: boolean;
}

// What an unreadable rule shows in the editor: nothing to run, every field to fill in again.
const EMPTY_ACTION: Record<RuleActionKind, RuleAction> = {
  email: { kind: 'email', subject: '', body: '', downloadUrl: null },
  forward: { kind: 'forward', url: '' },
  command: { kind: 'command', command: '', timeoutSeconds: 30 },
};

const flag = z.union([z.literal(0), z.literal(1)]);

/** A delivery_rules row, declared once for every read of the table. */
const ruleRecord = z
  .object({
    id: z.number().int(),
    name: z.string(),
    product_code: z.string().nullable(),
    kind: z.enum(ruleActionKinds),
    action_json: z.string(),
    enabled: flag,
    use_licence_keys: flag,
    created_at: z.string(),
    updated_at: z.string(),
  })
  .transform((r): ReadRule => {
    const read = readJson<RuleAction | null>(r.action_json, ruleActionInput, null);
    const readable = read !== null && read.kind === r.kind;
    return {
      id: r.id,
      name: r.name,
      productCode: r.product_code,
      action: readable ? read : EMPTY_ACTION[r.kind],
      enabled: readable && r.enabled === 1,
      useLicenceKeys: r.use_licence_keys === 1,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      readable,
    };
  });

const RULE_COLUMNS =
  'id, name, product_code, kind, action_json, enabled, use_licence_keys, created_at, updated_at';

const stored = ({ readable: _r, ...rule }: ReadRule): StoredRule => rule;

// A patch built from an input with absent fields (`{ name: input.name }`) carries them as
// undefined: those keep the stored value rather than overwrite it.
function definedOnly(patch: Partial<NewRule>): Partial<NewRule> {
  return Object.fromEntries(
    Object.entries(patch).filter(([, v]) => v !== undefined),
  ) as Partial<NewRule>;
}

/**
 * A rule the active account does not have: the one wording for it, given by the store's edit (a
 * rule gone while its edit waited for the keychain) and by main/delivery/handlers.ts for every
 * rules.* method. Settings › Fulfilment reads its rules again itself and the CLI says "No rule N"
 * instead, so the words point at no list.
 */
export function ruleNotFound(id: number): ConsoleError {
  return new ConsoleError(
    'not_found',
    `Rule ${id} is not in the active account's rules. If it was made under another account, ` +
      'switch to that account first; otherwise it was removed.',
  );
}

export interface DeliveryRulesStore extends DeliveryRulesRepo {
  /** The account's switched-on, readable rules a sale of these product codes matches. */
  enabledFor(accountId: number, productCodes: string[]): ReadRule[];
}

export function createDeliveryRulesRepo(
  db: Database,
  now: () => string = systemNow,
): DeliveryRulesStore {
  const list = db.prepare(`SELECT ${RULE_COLUMNS} FROM delivery_rules WHERE account_id = ?
    ORDER BY id`);
  const one = db.prepare(`SELECT ${RULE_COLUMNS} FROM delivery_rules
    WHERE account_id = ? AND id = ?`);
  const matching = db.prepare(`SELECT ${RULE_COLUMNS} FROM delivery_rules
    WHERE account_id = @accountId AND enabled = 1
      AND (product_code IS NULL OR product_code IN (SELECT value FROM json_each(@codes)))
    ORDER BY id`);
  const insert = db.prepare(`INSERT INTO delivery_rules (account_id, name, product_code, kind,
      action_json, enabled, use_licence_keys, created_at, updated_at)
    VALUES (@accountId, @name, @productCode, @kind, @action, @enabled, @useLicenceKeys, @at, @at)
    RETURNING ${RULE_COLUMNS}`);
  const update = db.prepare(`UPDATE delivery_rules SET name = @name, product_code = @productCode,
      kind = @kind, action_json = @action, enabled = @enabled,
      use_licence_keys = @useLicenceKeys, updated_at = @at
    WHERE account_id = @accountId AND id = @id RETURNING ${RULE_COLUMNS}`);
  const remove = db.prepare('DELETE FROM delivery_rules WHERE account_id = ? AND id = ?');

  const read = (accountId: number, id: number): ReadRule | undefined => {
    const raw = one.get(accountId, id);
    return raw === undefined ? undefined : ruleRecord.parse(raw);
  };
  const columns = (rule: NewRule) => ({
    name: rule.name,
    productCode: rule.productCode,
    kind: rule.action.kind,
    action: JSON.stringify(rule.action),
    enabled: rule.enabled ? 1 : 0,
    useLicenceKeys: rule.useLicenceKeys ? 1 : 0,
  });

  const storedAction = db.prepare(`SELECT action_json AS action, kind FROM delivery_rules
    WHERE account_id = ? AND id = ?`);
  const storedActionRow = z.object({ action: z.string(), kind: z.enum(ruleActionKinds) });

  const edit = db.transaction((accountId: number, id: number, given: Partial<NewRule>) => {
    const patch = definedOnly(given);
    const old = read(accountId, id);
    if (!old) {
      throw ruleNotFound(id);
    }
    const next = columns({ ...old, ...patch });
    if (!old.readable && patch.action === undefined) {
      if (patch.enabled === true) {
        throw new ConsoleError(
          'invalid_input',
          `Rule '${old.name}' has an action this console cannot read. Write its action again before turning it on.`,
        );
      }
      // The unreadable action stays as stored (not the empty one it reads as), switched off.
      Object.assign(next, storedActionRow.parse(storedAction.get(accountId, id)), { enabled: 0 });
    }
    return stored(ruleRecord.parse(update.get({ ...next, accountId, id, at: now() })));
  });

  return {
    list: (accountId) => list.all(accountId).map((r) => stored(ruleRecord.parse(r))),
    get(accountId, id) {
      const rule = read(accountId, id);
      return rule && stored(rule);
    },
    add(accountId, rule) {
      const row = insert.get({ ...columns(rule), accountId, at: now() });
      return stored(ruleRecord.parse(row));
    },
    edit: (accountId, id, patch) => edit.immediate(accountId, id, patch),
    remove: (accountId, id) => remove.run(accountId, id).changes > 0,
    enabledFor(accountId, productCodes) {
      return matching
        .all({ accountId, codes: JSON.stringify(productCodes) })
        .map((r) => ruleRecord.parse(r))
        .filter((r) => r.enabled);
    },
  };
}
