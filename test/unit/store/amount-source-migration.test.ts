// Migration 008 on a data file an older console left: every sale says where its amount came
// from, so sales sync recorded from the session's items read "before tax" after the upgrade.
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../main/store';
import { openAtVersion } from '../../support/old-schema';
import { withRawDb } from '../../support/raw-db';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir('cc-amount-source-');

describe('upgrading to sales that know their amount basis', () => {
  it('marks webhook sales as tax included and sync or API-confirmed ones as from the session items', () => {
    const old = openAtVersion(tmp.file('console.db'), 7);
    const insert = old.prepare(
      `INSERT INTO fulfillments (account_id, session_id, amount, currency, source, received_at)
       VALUES (1, ?, ?, 'EUR', ?, '2026-11-01T00:00:00.000Z')`,
    );
    insert.run(101, 2100, 'webhook');
    insert.run(102, 1500, 'sync');
    insert.run(103, 1500, 'api_confirmed');
    old.close();

    const store = openStore(tmp.file('console.db'));
    try {
      const repo = store.fulfillments;
      const basis = (session: number) => {
        const f = repo.bySession(1, session);
        return { amount: f?.amount, amountSource: f?.amountSource, taxIncluded: f?.taxIncluded };
      };
      expect(basis(101)).toEqual({ amount: 2100, amountSource: 'webhook', taxIncluded: true });
      expect(basis(102)).toEqual({
        amount: 1500,
        amountSource: 'session_items',
        taxIncluded: null,
      });
      expect(basis(103)).toEqual({
        amount: 1500,
        amountSource: 'session_items',
        taxIncluded: null,
      });
      const raw = withRawDb(store.file, (db) =>
        db
          .prepare('SELECT amount_source, tax_included FROM fulfillments ORDER BY session_id')
          .all(),
      );
      expect(raw).toEqual([
        { amount_source: 'webhook', tax_included: 1 },
        { amount_source: 'session_items', tax_included: null },
        { amount_source: 'session_items', tax_included: null },
      ]);
    } finally {
      store.close();
    }
  });
});
