// Deleting a stored delivery sets the event id of any sale made from it to NULL (the foreign key's
// ON DELETE SET NULL): SQLite looks those sales up for every event deleted, as the quarantine
// trims its oldest events on each unsigned delivery past its limit. Without an index on the
// sales' event id that look-up read every sale (88 ms per unsigned delivery at 200,000 sales).
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../main/store';
import { openAtVersion } from '../../support/old-schema';
import { withRawDb } from '../../support/raw-db';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir('cc-event-delete-plan-');

const trimPlan = (file: string): string =>
  withRawDb(file, (db) =>
    db
      .prepare(
        `EXPLAIN QUERY PLAN DELETE FROM webhook_events INDEXED BY webhook_events_body
           WHERE account_id = ? AND verification = 'invalid' AND id <= ?`,
      )
      .all(1, 100)
      .map((row) => String((row as { detail: unknown }).detail))
      .join('\n'),
  );

describe('deleting stored deliveries', () => {
  it('finds the sales made from them through an index, on a new file', () => {
    const file = tmp.file('console.db');
    openStore(file).close();
    const plan = trimPlan(file);
    expect(plan).not.toMatch(/SCAN fulfillments\b/);
    expect(plan).toMatch(/USING (COVERING )?INDEX fulfillments_event\b/);
  });

  it('finds them through an index on an older file opened, its sales kept', () => {
    const file = tmp.file('old.db');
    const old = openAtVersion(file, 16);
    old
      .prepare(
        `INSERT INTO fulfillments (account_id, session_id, amount, currency, source, received_at)
         VALUES (1, 7, 1500, 'EUR', 'webhook', '2026-01-01T00:00:00.000Z')`,
      )
      .run();
    old.close();
    const store = openStore(file);
    try {
      expect(store.fulfillments.get(1, 1)?.sessionId).toBe(7);
    } finally {
      store.close();
    }
    expect(trimPlan(file)).toMatch(/USING (COVERING )?INDEX fulfillments_event\b/);
  });
});
