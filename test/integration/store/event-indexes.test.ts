// The receiver writes every index of webhook_events for each delivery, so the table keeps only
// the indexes some read uses (schema 16 dropped one that none did).
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../main/store';
import { openAtVersion } from '../../support/old-schema';
import { withRawDb } from '../../support/raw-db';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir('cc-event-indexes-');

const eventIndexes = (file: string): string[] =>
  withRawDb(file, (db) =>
    db
      .prepare(
        `SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'webhook_events'
           AND name NOT LIKE 'sqlite_autoindex%' ORDER BY name`,
      )
      .pluck()
      .all()
      .map(String),
  );

const USED = [
  'webhook_events_attention',
  'webhook_events_body',
  'webhook_events_business_key',
  'webhook_events_received',
];

describe('the indexes of webhook events', () => {
  it('are the ones reads use, on a new file', () => {
    const file = tmp.file('console.db');
    openStore(file).close();
    expect(eventIndexes(file)).toEqual(USED);
  });

  it('are the ones reads use on an older file opened, its events kept', () => {
    const file = tmp.file('old.db');
    const old = openAtVersion(file, 15);
    old
      .prepare(
        `INSERT INTO webhook_events (account_id, received_at, body, body_sha256, headers_json,
           verification) VALUES (1, '2026-01-01T00:00:00.000Z', '{}', 'x', '{}', 'valid')`,
      )
      .run();
    old.close();
    const store = openStore(file);
    try {
      expect(store.events.unprocessed(1)).toHaveLength(1);
    } finally {
      store.close();
    }
    expect(eventIndexes(file)).toEqual(USED);
  });
});
