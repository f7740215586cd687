// Deduplication of stored webhook events after migration 003: verified events with a business
// key are found by the key, quarantined and keyless ones by the body hash.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../main/store';
import { createEventsRepo, type NewEvent } from '../../../main/store/events';
import { openAtVersion } from '../../support/old-schema';
import { withRawDb } from '../../support/raw-db';
import { useTempDir } from '../../support/temp-dir';
import { useStoreWithAccount } from '../../support/test-store';

const tmp = useTempDir('cc-events-dedupe-');
const current = useStoreWithAccount(tmp, { name: 'dedupe' });

/** This test's store, its events repo and its account. */
function rig() {
  const { store, accountId } = current;
  return { store, events: store.events, accountId };
}

function sale(accountId: number, session: number, extra = ''): NewEvent {
  const body = JSON.stringify({
    event_type: 'checkout.succeeded',
    data: { object: { transaction_details: { session, note: extra } } },
  });
  return {
    accountId,
    body,
    headers: { 'content-type': 'application/json' },
    eventType: 'checkout.succeeded',
    sessionId: session,
    businessKey: `checkout.succeeded:session:${session}`,
  };
}

function keyless(accountId: number, text: string): NewEvent {
  return {
    accountId,
    body: JSON.stringify({ event_type: 'ping', text }),
    headers: {},
    eventType: 'ping',
    sessionId: null,
    businessKey: null,
  };
}

/** How many events reached the store's file. */
const rows = (file: string): number =>
  withRawDb(
    file,
    (db) => db.prepare('SELECT count(*) FROM webhook_events').pluck().get() as number,
  );

describe('webhook event deduplication', () => {
  it('stores a keyed event once, whether the same body or the same key comes again', () => {
    const { store, events, accountId } = rig();
    const first = events.insertVerified(sale(accountId, 7));
    expect(first.duplicate).toBe(false);
    expect(events.insertVerified(sale(accountId, 7))).toEqual({ id: first.id, duplicate: true });
    // Same session and type, different body: still the same sale.
    expect(events.insertVerified(sale(accountId, 7, 'retry'))).toEqual({
      id: first.id,
      duplicate: true,
    });
    expect(rows(store.file)).toBe(1);
  });

  it('stores a keyless event once per body, in one batch too', () => {
    const { store, events, accountId } = rig();
    const [a, b, c] = events.insertVerifiedMany([
      keyless(accountId, 'x'),
      keyless(accountId, 'x'),
      keyless(accountId, 'y'),
    ]);
    expect(a!.duplicate).toBe(false);
    expect(b).toEqual({ id: a!.id, duplicate: true });
    expect(c!.duplicate).toBe(false);
    expect(rows(store.file)).toBe(2);
  });

  it('answers a replay of a stored body with a bad signature with the stored event, adding nothing', () => {
    const { store, events, accountId } = rig();
    const stored = events.insertVerified(sale(accountId, 8));
    const replay = events.quarantine({ ...sale(accountId, 8), reason: 'bad signature' });
    expect(replay.id).toBe(stored.id);
    expect(events.get(stored.id)?.verification).toBe('valid');
    // A forged body naming the same session is kept in quarantine, as its own row.
    const forged = events.quarantine({ ...sale(accountId, 8, 'forged'), reason: 'bad' });
    expect(forged.id).not.toBe(stored.id);
    expect(events.get(forged.id)?.verification).toBe('invalid');
    expect(events.quarantine({ ...sale(accountId, 8, 'forged'), reason: 'bad' }).id).toBe(
      forged.id,
    );
    expect(rows(store.file)).toBe(2);
  });

  it('promotes a quarantined body that later verifies instead of storing it twice', () => {
    const { store, events, accountId } = rig();
    const refused = events.quarantine({ ...sale(accountId, 9), reason: 'key not known yet' });
    const verified = events.insertVerified(sale(accountId, 9));
    expect(verified).toEqual({ id: refused.id, duplicate: false });
    expect(events.get(refused.id)).toMatchObject({ verification: 'valid', reason: null });
    expect(events.insertVerified(sale(accountId, 9))).toEqual({
      id: refused.id,
      duplicate: true,
    });
    expect(rows(store.file)).toBe(1);
  });

  it('stores one of two events with the same key in one batch, the second a duplicate', () => {
    const { store, events, accountId } = rig();
    const [a, b] = events.insertVerifiedMany([sale(accountId, 11), sale(accountId, 11, 'again')]);
    expect(a!.duplicate).toBe(false);
    expect(b).toEqual({ id: a!.id, duplicate: true });
    expect(rows(store.file)).toBe(1);
  });

  it('answers a quarantined body that verifies, when its key is stored already, with the stored event', () => {
    const { store, events, accountId } = rig();
    const forged = events.quarantine({ ...sale(accountId, 12, 'other'), reason: 'bad' });
    const stored = events.insertVerified(sale(accountId, 12));
    expect(stored.duplicate).toBe(false);
    // The refused body itself now verifies: its key names a stored sale, so nothing is promoted.
    expect(events.insertVerified(sale(accountId, 12, 'other'))).toEqual({
      id: stored.id,
      duplicate: true,
    });
    expect(events.get(forged.id)?.verification).toBe('invalid');
    expect(rows(store.file)).toBe(2);
  });

  it('promotes a quarantined keyless body that verifies, once', () => {
    const { store, events, accountId } = rig();
    const refused = events.quarantine({ ...keyless(accountId, 'p'), reason: 'bad' });
    expect(events.insertVerified(keyless(accountId, 'p'))).toEqual({
      id: refused.id,
      duplicate: false,
    });
    expect(events.insertVerified(keyless(accountId, 'p'))).toEqual({
      id: refused.id,
      duplicate: true,
    });
    expect(rows(store.file)).toBe(1);
  });

  it('hashes a body as files already hold it: sha256 of its UTF-8 text, in hex', () => {
    const { events, accountId } = rig();
    const event = sale(accountId, 13, 'Zoë pagó 15 € 🦄');
    const { id } = events.insertVerified(event);
    const expected = createHash('sha256').update(Buffer.from(event.body, 'utf8')).digest('hex');
    expect(events.get(id)?.bodySha256).toBe(expected);
  });

  it('upgrades a schema 2 file in place, keeping its events and their deduplication', () => {
    const file = tmp.file('v2.db');
    const old = openAtVersion(file, 2);
    const before = createEventsRepo(old).insertVerified(sale(1, 10));
    const quarantined = createEventsRepo(old).quarantine({ ...keyless(1, 'q'), reason: 'bad' });
    old.close();
    const store = openStore(file);
    try {
      const events = store.events;
      expect(events.insertVerified(sale(1, 10))).toEqual({ id: before.id, duplicate: true });
      expect(events.quarantine({ ...keyless(1, 'q'), reason: 'bad' }).id).toBe(quarantined.id);
      expect(events.insertVerified(keyless(1, 'q'))).toEqual({
        id: quarantined.id,
        duplicate: false,
      });
      const plan = withRawDb(file, (db) =>
        db
          .prepare(
            `EXPLAIN QUERY PLAN SELECT id FROM webhook_events WHERE account_id = 1 AND body_sha256 = 'x'
               AND (business_key IS NULL OR verification = 'invalid')`,
          )
          .all(),
      ) as Array<{ detail: string }>;
      expect(plan.map((p) => p.detail).join(' ')).toContain('webhook_events_body');
    } finally {
      store.close();
    }
  });
});
