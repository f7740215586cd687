// Review R6 M5: an event without a session is deduplicated by its type and transaction id, and
// a file written before schema 18 (key `transaction:<id>`, no type) still finds its old events.
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../main/store';
import { createEventsRepo, type NewEvent } from '../../../main/store/events';
import { eventMetaOf } from '../../../main/receiver/payload';
import { openAtVersion } from '../../support/old-schema';
import { withRawDb } from '../../support/raw-db';
import { useTempDir } from '../../support/temp-dir';
import { openStoreWithAccount } from '../../support/test-store';
import { z } from 'zod';

const tmp = useTempDir('cc-events-transaction-key-');

function about(accountId: number, eventType: string, transaction: string, note = ''): NewEvent {
  const json = {
    event_type: eventType,
    data: { object: { transaction_details: { transaction, note } } },
  };
  const meta = eventMetaOf(json);
  return {
    accountId,
    body: JSON.stringify(json),
    headers: {},
    eventType: meta.eventType,
    sessionId: meta.sessionId,
    businessKey: meta.businessKey,
  };
}

describe('events keyed by transaction', () => {
  it('stores two event types about one transaction, each once', () => {
    const { store, accountId } = openStoreWithAccount(tmp.file('console.db'));
    try {
      const refund = store.events.insertVerified(about(accountId, 'charge.refunded', 'ch_1'));
      const credit = store.events.insertVerified(about(accountId, 'credit.created', 'ch_1'));
      expect(refund.duplicate).toBe(false);
      expect(credit).toMatchObject({ duplicate: false });
      expect(credit.id).not.toBe(refund.id);
      expect(store.events.insertVerified(about(accountId, 'credit.created', 'ch_1'))).toEqual({
        id: credit.id,
        duplicate: true,
      });
    } finally {
      store.close();
    }
  });

  it('stores a second signed body of one type about one transaction, such as a second partial refund, once', () => {
    const { store, accountId } = openStoreWithAccount(tmp.file('console.db'));
    try {
      const first = store.events.insertVerified(about(accountId, 'charge.refunded', 'ch_2', 'a'));
      const second = store.events.insertVerified(about(accountId, 'charge.refunded', 'ch_2', 'b'));
      expect(second.duplicate).toBe(false);
      expect(second.id).not.toBe(first.id);
      for (const note of ['a', 'b']) {
        const again = store.events.insertVerified(
          about(accountId, 'charge.refunded', 'ch_2', note),
        );
        expect(again.duplicate).toBe(true);
      }
      expect(store.events.count(accountId)).toBe(2);
    } finally {
      store.close();
    }
  });

  it('still finds an event stored under the old transaction key after the upgrade', () => {
    const file = tmp.file('v17.db');
    const old = openAtVersion(file, 17);
    const refund = about(1, 'charge.refunded', 'ch_old');
    const before = createEventsRepo(old).insertVerified({
      ...refund,
      businessKey: 'transaction:ch_old',
    });
    old.close();
    const store = openStore(file);
    try {
      expect(store.events.insertVerified(refund)).toEqual({ id: before.id, duplicate: true });
      // Another type about the same old transaction is its own event.
      const credit = store.events.insertVerified(about(1, 'credit.created', 'ch_old'));
      expect(credit.duplicate).toBe(false);
      const count = withRawDb(file, (db) =>
        z.number().parse(db.prepare('SELECT count(*) FROM webhook_events').pluck().get()),
      );
      expect(count).toBe(2);
    } finally {
      store.close();
    }
  });
});
