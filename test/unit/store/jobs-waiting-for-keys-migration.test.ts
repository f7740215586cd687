// Migration 019 on a data file an older console left: a job it stopped because a product's keys
// ran out (known then only by its words) waits for that product's keys after the upgrade, so
// adding them sends it back to the queue; a job stopped for another reason, or done, waits for
// nothing.
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../main/store';
import { openAtVersion } from '../../support/old-schema';
import { withRawDb } from '../../support/raw-db';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir('cc-waiting-for-keys-');
const AT = '2026-11-01T00:00:00.000Z';

function writeOldOutbox(file: string): void {
  const old = openAtVersion(file, 18);
  const sale = old.prepare(
    `INSERT INTO fulfillments (id, account_id, session_id, products_json, amount, currency,
       source, received_at)
     VALUES (?, 1, ?, '[]', 1000, 'EUR', 'webhook', ?)`,
  );
  const job = old.prepare(
    `INSERT INTO delivery_jobs (id, account_id, sale_id, rule_id, rule_name, kind,
       idempotency_key, status, attempts, next_try_at, last_error, created_at, updated_at)
     VALUES (?, 1, ?, 1, 'Keys email', 'email', ?, ?, 1, 0, ?, ?, ?)`,
  );
  const rows: Array<[number, string, string | null]> = [
    [1, 'needs_attention', 'No licence key left for ebook: add keys, then Retry'],
    [2, 'needs_attention', 'No licence key left for ebook, course: add keys, then Retry'],
    [3, 'needs_attention', "The rule 'Keys email' is turned off; turn it on, then Retry"],
    [4, 'done', 'No licence key left for ebook: add keys, then Retry'],
    [5, 'needs_attention', 'No licence key left for "odd: add keys, then Retry'],
  ];
  for (const [id, status, error] of rows) {
    sale.run(id, 100 + id, AT);
    job.run(id, id, `key-${id}`, status, error, AT, AT);
  }
  old.close();
}

describe('upgrading to jobs that say which keys they wait for', () => {
  it('makes a job an older console stopped for want of keys wait for them', () => {
    const file = tmp.file('console.db');
    writeOldOutbox(file);

    const store = openStore(file);
    try {
      const waiting = withRawDb(file, (db) =>
        db.prepare('SELECT id, waiting_for_keys AS w FROM delivery_jobs ORDER BY id').all(),
      );
      expect(waiting).toEqual([
        { id: 1, w: '["ebook"]' },
        { id: 2, w: '["ebook","course"]' },
        { id: 3, w: null },
        { id: 4, w: null },
        // Words no product code could make JSON of: it waits for nothing, as before.
        { id: 5, w: null },
      ]);

      const added = store.licenceKeys.add(1, 'course', ['C-1']);
      expect(added.requeued).toEqual([{ id: 2, saleId: 2 }]);
      const status = (id: number) => store.deliveryJobs.get(1, id)?.status;
      expect([1, 2, 3, 4, 5].map(status)).toEqual([
        'needs_attention',
        'pending',
        'needs_attention',
        'done',
        'needs_attention',
      ]);
      expect(store.licenceKeys.add(1, 'ebook', ['E-1']).requeued).toEqual([{ id: 1, saleId: 1 }]);
    } finally {
      store.close();
    }
  });
});
