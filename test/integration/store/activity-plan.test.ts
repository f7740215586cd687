// Activity's pages read each source newest first, as deep as the page: through an index, not by
// reading every event of the account (the history bench's activity figures went from 5 to 37 ms
// over 100,000 events without one). Deliveries go in the order they were stored, by id
// (schema 17), through indexes keyed by the account; the quarantine's reads stay on the index
// of quarantined bodies rather than walk every event of the account.
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../main/store';
import { withRawDb } from '../../support/raw-db';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir('cc-activity-plan-');

function planOf(sql: string, ...params: unknown[]): string {
  const file = tmp.file('console.db');
  openStore(file).close();
  return withRawDb(file, (db) =>
    db
      .prepare(`EXPLAIN QUERY PLAN ${sql}`)
      .all(...params)
      .map((row) => String((row as { detail: unknown }).detail))
      .join('\n'),
  );
}

describe('the deliveries needing a look', () => {
  it('are read newest first through their own index', () => {
    const plan = planOf(
      `SELECT id, received_at FROM webhook_events
         WHERE account_id = ? AND (processed_at IS NULL OR process_error IS NOT NULL)
         ORDER BY id DESC LIMIT ?`,
      1,
      50,
    );
    expect(plan).toContain('USING INDEX webhook_events_attention');
    expect(plan).not.toContain('TEMP B-TREE');
  });
});

describe('every delivery of an account', () => {
  it('is read newest first through the account index, without a sort', () => {
    const plan = planOf(
      'SELECT id, received_at FROM webhook_events WHERE account_id = ? ORDER BY id DESC LIMIT ?',
      1,
      50,
    );
    expect(plan).toContain('USING INDEX webhook_events_account');
    expect(plan).not.toContain('TEMP B-TREE');
  });
});

describe('the quarantine', () => {
  it('sums and trims its bodies through the index of quarantined bodies', () => {
    const sum = planOf(
      `SELECT coalesce(sum(octet_length(body)), 0) FROM webhook_events
         INDEXED BY webhook_events_body WHERE account_id = ? AND verification = 'invalid'`,
      1,
    );
    expect(sum).toContain('USING INDEX webhook_events_body');
    const trim = planOf(
      `DELETE FROM webhook_events INDEXED BY webhook_events_body
         WHERE account_id = ? AND verification = 'invalid' AND id <=
         (SELECT id FROM webhook_events INDEXED BY webhook_events_body
           WHERE account_id = ? AND verification = 'invalid' ORDER BY id DESC LIMIT 1 OFFSET ?)`,
      1,
      1,
      1000,
    );
    expect(trim).not.toContain('webhook_events_account');
    expect(trim).not.toMatch(/SCAN webhook_events\b/);
  });
});
