import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { ConsoleError } from '../errors';
import { isConstraintError } from './sqlite-errors';
import type { AccountPatch, AccountRow, AccountsRepo, NewAccount } from './types';

const accountRecord = z
  .object({
    id: z.number().int(),
    name: z.string(),
    api_url: z.string(),
    kind: z.enum(['live', 'test', 'sandbox']),
    email: z.string().nullable(),
    identity_id: z.number().int().nullable(),
    active: z.union([z.literal(0), z.literal(1)]),
    created_at: z.string(),
  })
  .transform((r): AccountRow => ({
    id: r.id,
    name: r.name,
    apiUrl: r.api_url,
    kind: r.kind,
    email: r.email,
    identityId: r.identity_id,
    active: r.active === 1,
    createdAt: r.created_at,
  }));

function toRow(raw: unknown): AccountRow | undefined {
  return raw === undefined ? undefined : accountRecord.parse(raw);
}

/**
 * An account gone from the data file, and what that stopped (`so`, after a comma). The words show
 * in Settings › Accounts, a product sync (the Links form, the CLI's `products`) and at start-up,
 * so they point at no list and say both ways an account goes.
 */
export function accountGone(id: number, so = ''): string {
  return (
    `Account ${id} is no longer in this console${so === '' ? '' : `, ${so}`}: it was removed, ` +
    'or an older backup without it was restored.'
  );
}

function notFound(id: number): ConsoleError {
  return new ConsoleError('not_found', accountGone(id));
}

export function createAccountsRepo(db: Database, now: () => string): AccountsRepo {
  const columns = 'id, name, api_url, kind, email, identity_id, active, created_at';
  const selectAll = db.prepare(`SELECT ${columns} FROM accounts ORDER BY id`);
  const selectById = db.prepare(`SELECT ${columns} FROM accounts WHERE id = ?`);
  const selectByUrl = db.prepare(`SELECT ${columns} FROM accounts WHERE api_url = ?`);
  const selectActive = db.prepare(`SELECT ${columns} FROM accounts WHERE active = 1`);
  const upsert = db.prepare(
    `INSERT INTO accounts (id, name, api_url, kind, email, identity_id, active, created_at)
     VALUES ((SELECT last_id + 1 FROM account_id_high_water),
             @name, @apiUrl, @kind, @email, @identityId, 0, @createdAt)
     ON CONFLICT (api_url) DO UPDATE SET
       name = excluded.name, kind = excluded.kind,
       email = excluded.email, identity_id = excluded.identity_id
     RETURNING ${columns}`,
  );
  const updateRow = db.prepare(
    `UPDATE accounts SET name = @name, api_url = @apiUrl, email = @email, identity_id = @identityId
     WHERE id = @id`,
  );
  const deleteRow = db.prepare('DELETE FROM accounts WHERE id = ?');
  // Settings rows keyed by an account id: main/live's receiver token, main/links' link doubts,
  // main/receiver's signature scheme, main/delivery's mail server.
  const deleteOwnedSettings = db.prepare(
    'DELETE FROM settings WHERE key IN (@token, @scheme, @smtp) OR substr(key, 1, length(@doubts)) = @doubts',
  );
  const clearActive = db.prepare('UPDATE accounts SET active = 0 WHERE active = 1');
  const markActive = db.prepare('UPDATE accounts SET active = 1 WHERE id = ?');

  const get = (id: number): AccountRow | undefined => toRow(selectById.get(id));

  const update = db.transaction((id: number, patch: AccountPatch): AccountRow => {
    const current = get(id);
    if (!current) throw notFound(id);
    const next = { ...current, ...definedOnly(patch) };
    try {
      updateRow.run({
        id,
        name: next.name,
        apiUrl: next.apiUrl,
        email: next.email,
        identityId: next.identityId,
      });
    } catch (e) {
      if (isConstraintError(e, 'SQLITE_CONSTRAINT_UNIQUE')) {
        throw new ConsoleError('conflict', 'Another account already uses this API URL.', {
          fields: { apiUrl: 'Another account already uses this API URL.' },
          cause: e,
        });
      }
      throw e;
    }
    return next;
  });

  // One transaction: a crash between the two must not leave a token for an id that is gone.
  const remove = db.transaction((id: number): boolean => {
    deleteOwnedSettings.run({
      token: `live.receiverToken.${id}`,
      scheme: `receiver.signatureScheme.${id}`,
      smtp: `smtp:${id}`,
      doubts: `doubt:link:${id}:`,
    });
    return deleteRow.run(id).changes > 0;
  });

  const webhookIdsOf = db
    .prepare('SELECT webhook_id FROM webhook_endpoints WHERE account_id = ?')
    .pluck();
  const selectFirst = db.prepare(`SELECT ${columns} FROM accounts ORDER BY id LIMIT 1`);
  // Accounts but none active reads as "no account" (the app shows onboarding), so the oldest
  // takes over. Only when none is active: a switch made meanwhile stands.
  const activateOldestIfNone = (): AccountRow | undefined => {
    const active = toRow(selectActive.get());
    if (active) return active;
    const first = toRow(selectFirst.get());
    if (!first) return undefined;
    markActive.run(first.id);
    return { ...first, active: true };
  };
  const keepOneActive = db.transaction(activateOldestIfNone);

  const removeWithWebhooks = db.transaction((id: number) => {
    const webhookIds = z.array(z.number().int()).parse(webhookIdsOf.all(id));
    const removed = remove(id);
    activateOldestIfNone();
    return { removed, webhookIds };
  });

  const setActive = db.transaction((id: number): AccountRow => {
    clearActive.run();
    if (markActive.run(id).changes === 0) throw notFound(id);
    const row = get(id);
    if (!row) throw notFound(id);
    return row;
  });

  return {
    list: () => selectAll.all().map((r) => accountRecord.parse(r)),
    get,
    findByApiUrl: (apiUrl) => toRow(selectByUrl.get(apiUrl)),
    add: (a: NewAccount) => accountRecord.parse(upsert.get({ ...a, createdAt: now() })),
    update: (id, patch) => update.immediate(id, patch),
    remove: (id) => remove.immediate(id),
    removeWithWebhooks: (id) => removeWithWebhooks.immediate(id),
    setActive: (id) => setActive.immediate(id),
    keepOneActive: () => keepOneActive.immediate(),
    active: () => toRow(selectActive.get()),
  };
}

// A patch key present with `undefined` means "leave as is", not "set to null".
function definedOnly(patch: AccountPatch): AccountPatch {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
}
