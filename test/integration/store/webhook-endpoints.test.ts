// The webhooks this console made, as the store reads them back: a row whose events list no
// longer reads (a hand edit, another console's shape) must not stop the webhook's upkeep.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../main/store';
import { withRawDb } from '../../support/raw-db';
import { useTempDir } from '../../support/temp-dir';
import { openStoreWithAccount } from '../../support/test-store';

const tmp = useTempDir('cc-webhook-endpoints-');
let store: Store;
let accountId: number;

beforeEach(() => {
  ({ store, accountId } = openStoreWithAccount(tmp.file('console.db')));
});
afterEach(() => store.close());

describe('recorded webhooks', () => {
  it('reads a row whose events list is not JSON, or not a list of names, as naming no events', () => {
    const events = ['checkout.succeeded'];
    store.webhookEndpoints.setCurrent(accountId, { webhookId: 7, url: 'https://a.test/h', events });
    store.webhookEndpoints.setCurrent(accountId, { webhookId: 9, url: 'https://b.test/h', events });
    withRawDb(store.file, (db) => {
      db.prepare(
        "UPDATE webhook_endpoints SET events_json = '[\"checkout.' WHERE webhook_id = 9",
      ).run();
      db.prepare(
        'UPDATE webhook_endpoints SET events_json = \'{"a":1}\' WHERE webhook_id = 7',
      ).run();
    });
    expect(store.webhookEndpoints.current(accountId)).toMatchObject({ webhookId: 9, events: [] });
    expect(store.webhookEndpoints.list(accountId).map((w) => [w.webhookId, w.events])).toEqual([
      [9, []],
      [7, []],
    ]);
    // And the next upkeep writes it whole again.
    store.webhookEndpoints.setCurrent(accountId, { webhookId: 9, url: 'https://b.test/h', events });
    expect(store.webhookEndpoints.current(accountId)?.events).toEqual(events);
  });
});
