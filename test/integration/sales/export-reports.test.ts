// The export reads each sale's paid time and country in the store's own query (issue 16): the
// file must be the one the per-sale lookups wrote, byte for byte, whatever the event bodies hold.
import { describe, expect, it } from 'vitest';
import { exportCsv } from '../../../main/sales';
import type { Store } from '../../../main/store';
import { lookUpReport } from '../../support/export-report-reference';
import { recordSyncSale, recordWebhookSale } from '../../support/export-sales';
import { withRawDb } from '../../support/raw-db';
import { useTempDir } from '../../support/temp-dir';
import { useStoreWithAccount } from '../../support/test-store';
import { csvRecords } from './parse-csv';

const tmp = useTempDir();
const shop = useStoreWithAccount(tmp);
const now = new Date('2026-12-01T09:00:00.000Z');
const heard = '2026-11-30T10:00:00.000Z';
const paidSeconds = Date.parse('2026-11-30T09:59:00.000Z') / 1000;

// Bodies a webhook may bring: the export trusts none of them.
const BODIES: Record<number, string> = {
  601: JSON.stringify({ data: { object: { transaction_details: { iat: `${paidSeconds}` } } } }),
  602: JSON.stringify({ data: { object: { transaction_details: { iat: true }, contact: {} } } }),
  603: '{"data": {"object": {"transaction_details": {"iat": ',
  604: JSON.stringify({ data: [{ object: { contact: { country: 'ES' } } }] }),
  605: JSON.stringify({ data: { object: { contact: { country: 34 }, transaction_details: [] } } }),
  606: JSON.stringify({ data: { object: { contact: { country: 'fr' } } } }),
  607: JSON.stringify({ data: { object: { transaction_details: { iat: paidSeconds + 0.5 } } } }),
  608: "{data: {object: {contact: {country: 'DE'}}}}",
};

/** The same store, but what each sale's reports said is looked up per sale in JavaScript. */
function withLookedUpReports(store: Store): Store {
  const fulfillments = store.fulfillments;
  return {
    ...store,
    fulfillments: {
      ...fulfillments,
      *iterate(accountId, filter) {
        for (const sale of fulfillments.iterateBare(accountId, filter)) {
          yield { ...sale, reported: lookUpReport(store, accountId, sale) };
        }
      },
    },
  };
}

function seed(): void {
  const { store, accountId } = shop;
  for (const id of Object.keys(BODIES).map(Number)) {
    recordWebhookSale(store, accountId, {
      sessionId: id,
      paidAt: heard,
      receivedAt: heard,
      amount: 100,
    });
  }
  recordSyncSale(store, accountId, { sessionId: 609, receivedAt: heard, amount: 5000 });
  withRawDb(store.file, (db) => {
    const body = db.prepare(
      'UPDATE webhook_events SET body = ? WHERE account_id = ? AND session_id = ?',
    );
    for (const [id, text] of Object.entries(BODIES)) body.run(text, accountId, Number(id));
    const link = db.prepare(
      `INSERT INTO sessions (account_id, id, status, origin, permalink, customer_country, items_json,
         total_amount, created_at, updated_at) VALUES (?, ?, 'completed', 'console', ?, ?, '[]', 0, ?, ?)`,
    );
    for (const id of [602, 603, 609])
      link.run(accountId, id, `https://x.test/${id}`, 'it', heard, heard);
  });
}

describe('the export reads paid time and country with the sales', () => {
  it('writes the same bytes as looking each sale up, for every kind of event body', () => {
    seed();
    const { store, accountId } = shop;
    const joined = exportCsv(store, accountId, 'fulfillments', { now }).content;
    const looked = exportCsv(withLookedUpReports(store), accountId, 'fulfillments', {
      now,
    }).content;
    expect(joined).toBe(looked);
    const bySession = new Map(
      csvRecords(joined).map((r) => [r.session_id, [r.paid_at_utc, r.customer_country]]),
    );
    const paid = '2026-11-30T09:59:00.000Z';
    expect(Object.fromEntries(bySession)).toEqual({
      '601': [paid, ''],
      '602': ['', 'it'],
      '603': ['', 'it'],
      '604': ['', ''],
      '605': ['', ''],
      '606': ['', 'FR'],
      '607': ['2026-11-30T09:59:00.500Z', ''],
      '608': ['', ''],
      '609': ['', 'it'],
    });
  });
});
