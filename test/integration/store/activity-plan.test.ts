// Activity's "Everything" page reads only the deliveries still needing a look, newest first, as
// deep as the page: through an index, not by reading every event of the account (the history
// bench's activity figures went from 5 to 37 ms over 100,000 events without one).
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../main/store';
import { withRawDb } from '../../support/raw-db';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir('cc-activity-plan-');

describe('the deliveries needing a look', () => {
  it('are read newest first through their own index', () => {
    const file = tmp.file('console.db');
    openStore(file).close();
    const plan = withRawDb(file, (db) =>
      db
        .prepare(
          `EXPLAIN QUERY PLAN SELECT id, received_at FROM webhook_events
             WHERE account_id = ? AND (processed_at IS NULL OR process_error IS NOT NULL)
             ORDER BY received_at DESC, id DESC LIMIT ?`,
        )
        .all(1, 50)
        .map((row) => String((row as { detail: unknown }).detail)),
    );
    expect(plan.join('\n')).toContain('USING INDEX webhook_events_attention');
    expect(plan.join('\n')).not.toContain('TEMP B-TREE');
  });
});
