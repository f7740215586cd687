// A merchant exporting a year of sales keeps receiving sales (issue 16): the export reads the
// store in batches and gives the event loop a turn between them, so the receiver on the same
// store answers meanwhile. The file holds the sales that existed when the export began.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { saveExport } from '../../../main/sales';
import { writeExport } from '../../../main/sales/export';
import { exportText } from '../../support/export-text';
import { withRawDb } from '../../support/raw-db';
import { newFulfillment } from '../../support/sale-fixtures';
import { useTempDir } from '../../support/temp-dir';
import { useStoreWithAccount } from '../../support/test-store';
import { deliver, eventually, startRig, succeededBody } from '../receiver/helpers';
import { insertSales, insertSessionsFor, manySales, seedSales } from './generate';
import { csvRecords } from './parse-csv';

const tmp = useTempDir('cc-export-turns-');
const newest = new Date('2026-06-30T12:00:00.000Z');
const now = new Date('2026-12-01T09:00:00.000Z');

describe('an export running beside the receiver', () => {
  it('lets a webhook posted during an export of many sales be stored and answered 200 first', async () => {
    const rig = await startRig(tmp);
    seedSales(rig.store.file, rig.accountId, 30_000, newest);
    const order: string[] = [];
    const saved: string[] = [];
    const answered = deliver(rig, succeededBody({ session: 777_001 })).then((a) => {
      order.push('webhook answered');
      return a;
    });
    const exported = saveExport(
      rig.store,
      rig.accountId,
      { what: 'fulfillments' },
      async (_name, content) => {
        saved.push(exportText(content));
        return '/saved/sales.csv';
      },
      now,
    ).then((r) => {
      order.push('export finished');
      return r;
    });
    const [answer, result] = await Promise.all([answered, exported]);
    expect(answer.status).toBe(200);
    expect(order).toEqual(['webhook answered', 'export finished']);
    await eventually(() => rig.store.fulfillments.bySession(rig.accountId, 777_001));
    // The sale came after the export began: the file holds the 30,000 there were.
    expect(result.rows).toBe(30_000);
    expect(saved.join('')).not.toContain('777001');
  }, 120_000);
});

describe('what an export holds when sales change while it runs', () => {
  const shop = useStoreWithAccount(tmp);

  it('leaves out a sale recorded meanwhile and shows a sale marked fulfilled meanwhile once', () => {
    const { store, accountId } = shop;
    seedSales(store.file, accountId, 5_000, newest);
    // The oldest sale, read in the export's last batch; still new when the export begins.
    const oldest = store.fulfillments.list(accountId, { limit: 1, offset: 4_999 }).items[0]!;
    store.fulfillments.undo(accountId, oldest.id);
    const parts: string[] = [];
    let written = 0;
    writeExport(store, accountId, 'fulfillments', { now }, () => ({
      write(text) {
        parts.push(text);
        written += 1;
        if (written !== 100) return;
        // Between two rows, as the receiver and the desk may write between two turns.
        store.fulfillments.markFulfilled(accountId, oldest.id, 'packed');
        store.fulfillments.record(
          accountId,
          newFulfillment({ sessionId: 888_001, receivedAt: '2026-01-01T00:00:00.000Z' }),
        );
      },
    }));
    const records = csvRecords(parts.join(''));
    expect(records).toHaveLength(5_000);
    expect(new Set(records.map((r) => r.id)).size).toBe(5_000);
    expect(records.some((r) => r.session_id === '888001')).toBe(false);
    expect(records.filter((r) => r.id === String(oldest.id))).toEqual([
      expect.objectContaining({ status: 'fulfilled', note: 'packed' }),
    ]);
  });

  it('writes every hit of a search once, newest first, across batches that grow', () => {
    const { store, accountId } = shop;
    seedSales(store.file, accountId, 6_000, newest);
    const listed = store.fulfillments.list(accountId, {
      search: 'unicorn',
      limit: 6_000,
      offset: 0,
    });
    const parts: string[] = [];
    writeExport(store, accountId, 'fulfillments', { now, filter: { search: 'unicorn' } }, () => ({
      write: (t) => parts.push(t),
    }));
    const ids = csvRecords(parts.join('')).map((r) => Number(r.id));
    expect(ids).toHaveLength(2_000);
    expect(ids).toEqual(listed.items.map((s) => s.id));
  });

  it('writes every link once, newest first, across the store’s read batches', () => {
    const { store, accountId } = shop;
    withRawDb(store.file, (db) => insertSessionsFor(db, accountId, manySales(4_500, newest, 1)));
    const parts: string[] = [];
    writeExport(store, accountId, 'links', { now }, () => ({ write: (t) => parts.push(t) }));
    const created = csvRecords(parts.join('')).map((r) => `${r.created_at} ${r.session_id}`);
    expect(created).toHaveLength(4_500);
    expect(new Set(created).size).toBe(4_500);
    expect(created).toEqual([...created].sort().reverse());
  });
});

describe('export folders', () => {
  const shop = useStoreWithAccount(tmp);

  it('removes the folders of exports a crash left behind, not one a running process writes', async () => {
    const { store, accountId } = shop;
    withRawDb(store.file, (db) => insertSales(db, accountId, manySales(10, newest, 60_000)));
    const dataDir = tmp.path;
    const crashed = join(dataDir, 'export-999999999-AbC123');
    const older = join(dataDir, 'export-Xy9876');
    const running = join(dataDir, `export-${process.pid}-Live01`);
    for (const dir of [crashed, older, running]) {
      mkdirSync(dir);
      writeFileSync(join(dir, '1.csv'), 'id,customer_email\r\n1,jane@example.com\r\n');
    }
    await saveExport(store, accountId, { what: 'fulfillments' }, async () => '/saved', now);
    const left = readdirSync(dataDir).filter((name) => name.startsWith('export-'));
    expect(left).toEqual([`export-${process.pid}-Live01`]);
  });
});
