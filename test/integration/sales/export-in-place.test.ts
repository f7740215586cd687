// A CSV whose path is known before it is written (the CLI's --out) is written there once, not
// into the data folder and copied (issue 16: a million sales are hundreds of MB written twice);
// a failed export leaves no partial file at that path, nor changes the one already there.
import { mkdirSync, readFileSync, readdirSync, utimesSync, watch, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runExport } from '../../../main/commands/export';
import type { Io } from '../../../main/commands/output';
import { createMemorySecrets } from '../../../main/secrets';
import { exportFiles, saveExport } from '../../../main/sales';
import type { SavedExportStore } from '../../../main/sales/export-save';
import type { Store } from '../../../main/store';
import { seedCliLedger } from '../../support/cli-ledger';
import { useTempDir } from '../../support/temp-dir';
import { useStoreWithAccount } from '../../support/test-store';
import { seedSales } from './generate';

const tmp = useTempDir();
const newest = new Date('2026-11-30T12:00:00.000Z');
const now = new Date('2026-12-01T09:00:00.000Z');
// About 1.3 MB of CSV: many 64 KB writes, so a partial file would be on disk before the end.
const COUNT = 3_500;
const quiet: Io = { out: () => undefined, err: () => undefined, readStdin: async () => '' };

/** Every name that appears in `folder` until `stop` resolves (a marker written last is seen). */
async function namesSeenIn(folder: string, during: () => Promise<unknown>): Promise<string[]> {
  return (await eventsSeenIn(folder, during)).map(([, name]) => name);
}

/** What happened to which name in `folder` ('rename': made or removed; 'change': written). */
async function eventsSeenIn(
  folder: string,
  during: () => Promise<unknown>,
): Promise<Array<[string, string]>> {
  const seen: Array<[string, string]> = [];
  const watcher = watch(folder, (event, name) => {
    if (name) seen.push([event, name]);
  });
  try {
    await during();
    // Inotify reports in order: once the marker is heard of, every earlier name was too.
    writeFileSync(join(folder, 'marker'), '');
    await expect.poll(() => seen.some(([, name]) => name === 'marker')).toBe(true);
  } finally {
    watcher.close();
  }
  return seen;
}

describe('an export written where the merchant said', () => {
  it('writes the CSV at --out only: no copy of it appears in the data folder', async () => {
    const dataDir = join(tmp.path, 'data');
    const outDir = join(tmp.path, 'out');
    mkdirSync(dataDir, { mode: 0o700 });
    mkdirSync(outDir);
    let whole = '';
    seedCliLedger(dataDir, ({ store, accountId }) => {
      seedSales(store.file, accountId, COUNT, newest);
      whole = exportFiles(store, accountId, 'fulfillments', { now: new Date() })[0]?.content ?? '';
    });
    const out = join(outDir, 'sales.csv');
    const base = { dataDir, secrets: createMemorySecrets(), env: {} };
    const seen = await namesSeenIn(dataDir, () =>
      runExport({ what: 'fulfillments', out }, quiet, base),
    );
    expect(seen.filter((name) => name.startsWith('export-'))).toEqual([]);
    expect(readFileSync(out, 'utf8')).toBe(whole);
    expect(readdirSync(outDir)).toEqual(['sales.csv']);
  }, 120_000);

  it('writes each file of a split bank statement beside its name and puts it there only once whole', async () => {
    const dataDir = join(tmp.path, 'data');
    const outDir = join(tmp.path, 'out');
    mkdirSync(dataDir, { mode: 0o700 });
    mkdirSync(outDir);
    // A third of them in euros: 1,100, so two files of at most 1,000 rows.
    seedCliLedger(dataDir, ({ store, accountId }) =>
      seedSales(store.file, accountId, 3_300, newest),
    );
    const out = join(outDir, 'statement.csv');
    writeFileSync(join(outDir, 'statement-1.csv'), 'last month’s statement\r\n');
    const base = { dataDir, secrets: createMemorySecrets(), env: {} };
    const seen = await eventsSeenIn(outDir, () =>
      runExport({ format: 'qbo3', currency: 'EUR', out, force: true }, quiet, base),
    );
    const names = ['statement-1.csv', 'statement-2.csv'];
    // Written under its own name, a killed export or a full disk left a half file there.
    expect(seen.filter(([event, name]) => event === 'change' && names.includes(name))).toEqual([]);
    expect(readdirSync(outDir).filter((name) => name !== 'marker')).toEqual(names);
    const rows = names.map((name) => readFileSync(join(outDir, name), 'utf8').split('\r\n'));
    expect(rows.map((lines) => lines.length - 2)).toEqual([1000, 100]);
  }, 120_000);

  describe('a temporary file a killed export left beside its path', () => {
    const shop = useStoreWithAccount(tmp);

    it('is removed by the next export to that folder once it is old; a fresh one is not', async () => {
      seedSales(shop.store.file, shop.accountId, 20, newest);
      const outDir = join(tmp.path, 'out');
      mkdirSync(outDir);
      const left = (name: string, ageMs: number) => {
        writeFileSync(join(outDir, name), 'half a CSV');
        const at = new Date(Date.now() - ageMs);
        utimesSync(join(outDir, name), at, at);
      };
      const DAY = 24 * 3_600_000;
      left('.march.csv.0123abcd.part', DAY);
      // Another export still writing (its file touched moments ago), and files not ours.
      left('.april.csv.89abcdef.part', 1_000);
      left('notes.part', DAY);
      left('.notes.csv.part', DAY);
      const out = join(outDir, 'sales.csv');
      const save = Object.assign(async () => null, { targetFor: async () => ({ path: out }) });
      await saveExport(shop.store, shop.accountId, { what: 'fulfillments' }, save, now);
      expect(readdirSync(outDir).sort()).toEqual([
        '.april.csv.89abcdef.part',
        '.notes.csv.part',
        'notes.part',
        'sales.csv',
      ]);
    });
  });

  describe('when the export fails part way', () => {
    const shop = useStoreWithAccount(tmp);

    /** The shop's store, failing once `rows` sales were read. */
    function failingAfter(rows: number): SavedExportStore {
      const { store } = shop;
      const fulfillments: Store['fulfillments'] = {
        ...store.fulfillments,
        *iterate(accountId, filter) {
          let read = 0;
          for (const sale of store.fulfillments.iterate(accountId, filter)) {
            if (++read > rows) throw new Error('The disk went away.');
            yield sale;
          }
        },
      };
      return { file: store.file, sessions: store.sessions, refunds: store.refunds, fulfillments };
    }

    it('leaves no partial file at the chosen path and the file that was there as it was', async () => {
      seedSales(shop.store.file, shop.accountId, COUNT, newest);
      const outDir = join(tmp.path, 'out');
      mkdirSync(outDir);
      const out = join(outDir, 'sales.csv');
      writeFileSync(out, 'last month’s export\r\n');
      const saved: string[] = [];
      const save = Object.assign(
        async (name: string) => {
          saved.push(name);
          return name;
        },
        { targetFor: async () => ({ path: out }) },
      );
      const exporting = saveExport(
        failingAfter(COUNT - 10),
        shop.accountId,
        { what: 'fulfillments' },
        save,
        now,
      );
      await expect(exporting).rejects.toThrow('The disk went away.');
      expect(readdirSync(outDir)).toEqual(['sales.csv']);
      expect(readFileSync(out, 'utf8')).toBe('last month’s export\r\n');
      expect(saved).toEqual([]);
    }, 120_000);
  });
});
