// The export is written to disk as it is read (issue 16): what the app's saver and the CLI's
// stdout receive must be the very bytes the export built in one string did, in every format,
// across the writer's and reader's chunk boundaries and with characters of several bytes.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runExport } from '../../../main/commands/export';
import type { Io } from '../../../main/commands/output';
import { createMemorySecrets } from '../../../main/secrets';
import { exportFiles, saveExport } from '../../../main/sales';
import { exportFormats } from '../../../preload/contract';
import { seedCliLedger } from '../../support/cli-ledger';
import { exportText } from '../../support/export-text';
import { withRawDb } from '../../support/raw-db';
import { useTempDir } from '../../support/temp-dir';
import { useStoreWithAccount } from '../../support/test-store';
import { insertSales, manySales } from './generate';

const tmp = useTempDir();
const shop = useStoreWithAccount(tmp);
const newest = new Date('2026-11-30T12:00:00.000Z');
const now = new Date('2026-12-01T09:00:00.000Z');
// About 1.4 MB of CSV: past the 64 KB writes and reads, one statement split in two.
const COUNT = 3_500;

/** Names of two to four UTF-8 bytes a character, so a chunk can end inside one. */
function seedSales(file: string, accountId: number): void {
  withRawDb(file, (db) => {
    insertSales(db, accountId, manySales(COUNT, newest, 60_000));
    db.prepare(
      "UPDATE fulfillments SET customer_name = 'Zoë Ünal 東京 😀 ' || id WHERE id % 3 = 0",
    ).run();
    // A row longer than the writer's 64 KB piece, which it writes on its own.
    db.prepare('UPDATE fulfillments SET note = ? WHERE id = 1000').run(
      'Café 東京 😀, '.repeat(8_000),
    );
  });
}

describe('a streamed export', () => {
  it('saves the same files, byte for byte, as the export built in memory, in every format', async () => {
    seedSales(shop.store.file, shop.accountId);
    for (const format of exportFormats) {
      const filter = format.startsWith('csv') ? {} : { currency: 'EUR' };
      const built = exportFiles(shop.store, shop.accountId, 'fulfillments', {
        now,
        format,
        filter,
      });
      const saved: Array<{ fileName: string; content: string }> = [];
      const result = await saveExport(
        shop.store,
        shop.accountId,
        { what: 'fulfillments', format, filter },
        async (fileName, content) => {
          saved.push({ fileName, content: exportText(content) });
          return `/saved/${fileName}`;
        },
        now,
      );
      if (format === 'csv') expect(built[0]?.content).toContain('Café 東京 😀, '.repeat(2));
      expect(saved).toEqual(built.map((f) => ({ fileName: f.fileName, content: f.content })));
      expect(result.rows).toBe(built.reduce((n, f) => n + f.rows, 0));
    }
  }, 120_000);

  it('prints the same CSV on the CLI stdout as the whole string printed at once', async () => {
    const dataDir = join(tmp.path, 'cli');
    mkdirSync(dataDir, { mode: 0o700 });
    let whole = '';
    seedCliLedger(dataDir, ({ store, accountId }) => {
      seedSales(store.file, accountId);
      whole = exportFiles(store, accountId, 'fulfillments', { now })[0]?.content ?? '';
    });
    const printed: string[] = [];
    const io: Io = {
      out: (line) => printed.push(`${line}\n`),
      err: () => undefined,
      readStdin: async () => '',
    };
    await runExport({ what: 'fulfillments' }, io, {
      dataDir,
      secrets: createMemorySecrets(),
      env: {},
    });
    expect(printed.length).toBeGreaterThan(1);
    expect(printed.join('')).toBe(`${whole.replace(/\r\n$/, '')}\n`);
  }, 120_000);
});
