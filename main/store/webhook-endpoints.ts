// Webhooks this console created in Quaderno. Only ids listed here are ever updated or deleted,
// so the merchant's own webhooks stay untouched. Auth keys live in the keychain, never here.
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { systemNow } from './clock';
import { readJson } from './json';

export interface WebhookEndpointRow {
  accountId: number;
  webhookId: number;
  url: string;
  events: string[];
  current: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface WebhookEndpointsRepo {
  /** Current first, then newest. */
  list(accountId: number): WebhookEndpointRow[];
  current(accountId: number): WebhookEndpointRow | undefined;
  /** Records the webhook as the account's one current webhook; any other row becomes stale. */
  setCurrent(
    accountId: number,
    w: { webhookId: number; url: string; events: readonly string[] },
  ): WebhookEndpointRow;
  remove(accountId: number, webhookId: number): boolean;
}

const endpointRecord = z
  .object({
    account_id: z.number().int(),
    webhook_id: z.number().int(),
    url: z.string(),
    events_json: z.string(),
    current: z.union([z.literal(0), z.literal(1)]),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .transform((r): WebhookEndpointRow => ({
    accountId: r.account_id,
    webhookId: r.webhook_id,
    url: r.url,
    // Read leniently (store/json.ts): a row that threw here stopped the webhook's upkeep and
    // the doctor for good; no caller relies on the list, and the next setCurrent rewrites it.
    events: readJson(r.events_json, z.array(z.string()), []),
    current: r.current === 1,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }));

export function createWebhookEndpointsRepo(
  db: Database,
  now: () => string = systemNow,
): WebhookEndpointsRepo {
  const columns = 'account_id, webhook_id, url, events_json, current, created_at, updated_at';
  const selectAll = db.prepare(
    `SELECT ${columns} FROM webhook_endpoints WHERE account_id = ?
     ORDER BY current DESC, updated_at DESC, webhook_id DESC`,
  );
  const selectCurrent = db.prepare(
    `SELECT ${columns} FROM webhook_endpoints WHERE account_id = ? AND current = 1
     ORDER BY updated_at DESC LIMIT 1`,
  );
  const clearCurrent = db.prepare(
    'UPDATE webhook_endpoints SET current = 0 WHERE account_id = ? AND webhook_id != ? AND current = 1',
  );
  const upsert = db.prepare(
    `INSERT INTO webhook_endpoints (account_id, webhook_id, url, events_json, current, created_at, updated_at)
     VALUES (@accountId, @webhookId, @url, @events, 1, @at, @at)
     ON CONFLICT (account_id, webhook_id) DO UPDATE SET
       url = excluded.url, events_json = excluded.events_json, current = 1, updated_at = excluded.updated_at
     RETURNING ${columns}`,
  );
  const deleteRow = db.prepare(
    'DELETE FROM webhook_endpoints WHERE account_id = ? AND webhook_id = ?',
  );

  const setCurrent = db.transaction(
    (accountId: number, w: { webhookId: number; url: string; events: readonly string[] }) => {
      clearCurrent.run(accountId, w.webhookId);
      return endpointRecord.parse(
        upsert.get({
          accountId,
          webhookId: w.webhookId,
          url: w.url,
          events: JSON.stringify(w.events),
          at: now(),
        }),
      );
    },
  );

  return {
    list: (accountId) => selectAll.all(accountId).map((r) => endpointRecord.parse(r)),
    current(accountId) {
      const raw = selectCurrent.get(accountId);
      return raw === undefined ? undefined : endpointRecord.parse(raw);
    },
    setCurrent: (accountId, w) => setCurrent(accountId, w),
    remove: (accountId, webhookId) => deleteRow.run(accountId, webhookId).changes > 0,
  };
}
