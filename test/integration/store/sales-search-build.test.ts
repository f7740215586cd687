// Schema 17 builds the sales' search index without positions after open, a step at a time
// (build-runner.ts): searches read schema 5's index until the new one holds every sale, a build
// killed half-way resumes from its cursor, and sales written meanwhile reach the new index once.
// Whichever index answers, a search finds the same sales, Unicode and case included.
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { pendingBuilds, runBuildStep } from '../../../main/store/build-runner';
import { createFulfillmentsRepo, openStore } from '../../../main/store';
import { migrations } from '../../../main/store/migrations';
import { insertSales, saleAt, type GeneratedSale } from '../sales/generate';
import { startScript, stopProcess, type LineProcess } from '../../support/line-process';
import { openAtVersion } from '../../support/old-schema';
import { openRawDb, withRawDb, type RawDb } from '../../support/raw-db';
import { newFulfillment } from '../../support/sale-fixtures';
import { bundledScript } from '../../support/script-bundle';
import { useTempDir } from '../../support/temp-dir';
import { openStoreWithAccount } from '../../support/test-store';

const tmp = useTempDir('cc-sales-search-build-');
const NOW = new Date('2026-11-28T12:00:00.000Z');
const ACCOUNT = 1; // openAtVersion's account
const BUILD_SCHEMA = 17;

// Names whose folding the index and the check must agree on (search-case-folding.test.ts).
const UNICODE_NAMES = [
  'Ärger GmbH',
  'Straße 5',
  'İstanbul Kitap',
  'ΣΟΦΙΑΣ Travel',
  'Ισμήνη Ταξίδια',
  'Istanbul Books',
  'ſtar Shop',
];
const SEARCHES = [
  'unicorn',
  'Unicorn',
  'prod_ebook',
  '"Deluxe"',
  'buyer12',
  'Buyer 4',
  'r 1',
  'uyer 59',
  'example.com',
  '1000042',
  'ärg',
  'ÄRGER',
  'STRAẞE',
  'strasse',
  'İSTANBUL',
  'istanbul',
  'i̇stanbul',
  'σοφιας',
  'ΙΣΜΉΝΗ',
  'star',
  'STAR',
  'ab',
];

function fixtureSales(count: number): GeneratedSale[] {
  const sales = Array.from({ length: count }, (_, i) => saleAt(i, NOW, 60_000));
  return sales.map((s, i) => ({ ...s, name: UNICODE_NAMES[i % 50] ?? s.name }));
}

/** A file with `sales` written at schema 16, then migrated to 17 without running the build. */
function fileWithPendingBuild(name: string, sales: GeneratedSale[]): string {
  const file = tmp.file(name);
  const db = openAtVersion(file, BUILD_SCHEMA - 1);
  insertSales(db, ACCOUNT, sales);
  db.exec(migrations[BUILD_SCHEMA - 1]?.sql ?? '');
  db.pragma(`user_version = ${BUILD_SCHEMA}`);
  db.close();
  return file;
}

const raws: RawDb[] = [];
afterEach(() => raws.splice(0).forEach((db) => db.close()));
/** The sales repo on a connection of the test's own, which runs no build by itself. */
function salesOn(file: string) {
  const db = openRawDb(file);
  raws.push(db);
  return { db, sales: createFulfillmentsRepo(db) };
}

type Found = { total: number; ids: number[] };
function searchAll(sales: ReturnType<typeof createFulfillmentsRepo>): Record<string, Found[]> {
  const out: Record<string, Found[]> = {};
  for (const search of SEARCHES) {
    out[search] = [0, 100].map((offset) => {
      const page = sales.list(ACCOUNT, { search, limit: 100, offset });
      return { total: page.total, ids: page.items.map((f) => f.sessionId) };
    });
  }
  return out;
}

function buildState(db: RawDb) {
  return db
    .prepare("SELECT cursor, state FROM store_builds WHERE name = 'fulfillments_search'")
    .get();
}

/** Steps `db`'s build `limit` rows at a time, `steps` times at most; its outcome. */
function step(db: RawDb, limit: number, steps = Number.POSITIVE_INFINITY): string {
  let outcome = 'more';
  for (let i = 0; i < steps && outcome === 'more'; i++) {
    const build = pendingBuilds(db)[0];
    outcome = build ? runBuildStep(db, build, limit) : 'done';
  }
  return outcome;
}

/** The keys the sales index holds (its docsize table: one row per document, rowid unique). */
const indexedKeys = (db: RawDb) =>
  db.prepare('SELECT id FROM fulfillments_search_docsize ORDER BY id').pluck().all();
const saleKeys = (db: RawDb) =>
  db.prepare('SELECT account_id * 4398046511104 + id FROM fulfillments ORDER BY id').pluck().all();

const searchIndexSql = (db: RawDb) =>
  db.prepare("SELECT sql FROM sqlite_schema WHERE name = 'fulfillments_search'").pluck().get();

describe('building the sales search index after open', () => {
  it('finishes at open on a new file, which then holds one index, without positions', () => {
    const { store, accountId } = openStoreWithAccount(tmp.file('new.db'));
    store.fulfillments.record(accountId, newFulfillment({ customerName: 'Ärger GmbH' }));
    const found = store.fulfillments.list(accountId, { search: 'ÄRGER', limit: 10, offset: 0 });
    expect(found.items.map((f) => f.customerName)).toEqual(['Ärger GmbH']);
    store.close();
    withRawDb(tmp.file('new.db'), (db) => {
      expect(buildState(db)).toEqual({ cursor: 0, state: 'done' });
      expect(searchIndexSql(db)).toMatch(/detail = none/);
      expect(db.prepare("SELECT name FROM sqlite_schema WHERE name LIKE '%_next%'").all()).toEqual(
        [],
      );
    });
  });

  it('finds the same sales from the old index, half-way and from the new one', () => {
    const sales = fixtureSales(600);
    const { db, sales: repo } = salesOn(fileWithPendingBuild('pending.db', sales));
    const before = searchAll(repo);
    expect(before['unicorn']?.[0]?.total).toBe(200);
    expect(before['ÄRGER']?.[0]?.ids.length).toBeGreaterThan(0);
    expect(searchIndexSql(db)).not.toMatch(/detail = none/);

    expect(step(db, 50, 4)).toBe('more');
    expect(buildState(db)).toEqual({ cursor: 200, state: 'building' });
    expect(searchAll(repo)).toEqual(before);

    expect(step(db, 50)).toBe('done');
    expect(searchIndexSql(db)).toMatch(/detail = none/);
    expect(searchAll(repo)).toEqual(before);
    expect(indexedKeys(db)).toEqual(saleKeys(db));
  });

  it('indexes once each sale written, changed or removed while it builds', () => {
    const { db, sales: repo } = salesOn(fileWithPendingBuild('writes.db', fixtureSales(300)));
    // Ids rise with time: id k is sale 300 - k, so the cursor moves from the oldest sale.
    expect(step(db, 40, 3)).toBe('more'); // the cursor at id 120
    repo.record(ACCOUNT, newFulfillment({ sessionId: 7001, customerName: 'Late Lark' }));
    const rename = db.prepare('UPDATE fulfillments SET customer_name = ? WHERE id = ?');
    rename.run('Renamed Robin', 10); // behind the cursor
    rename.run('Renamed Wren', 250); // ahead of it
    db.prepare('DELETE FROM fulfillments WHERE id IN (20, 260)').run();
    expect(step(db, 40, 2)).toBe('more');
    rename.run('Renamed Again', 10);
    repo.record(ACCOUNT, newFulfillment({ sessionId: 7002, customerName: 'Later Lark' }));
    expect(step(db, 40)).toBe('done');
    repo.record(ACCOUNT, newFulfillment({ sessionId: 7003, customerName: 'Last Lark' }));

    const ids = (search: string) =>
      repo.list(ACCOUNT, { search, limit: 10, offset: 0 }).items.map((f) => f.sessionId);
    expect(ids('lark').sort()).toEqual([7001, 7002, 7003]);
    expect(ids('renamed')).toEqual([1_000_050, 1_000_290]);
    expect(ids('renamed again')).toEqual([1_000_290]);
    expect(ids('robin')).toEqual([]);
    expect(ids('buyer280@')).toEqual([]);
    expect(ids('buyer40@')).toEqual([]);
    expect(ids('buyer281@')).toEqual([1_000_281]);
    expect(indexedKeys(db)).toEqual(saleKeys(db));
  });

  it('resumes a build killed half-way, and then finds what a file built at once finds', async () => {
    const sales = fixtureSales(1500);
    const killed = fileWithPendingBuild('killed.db', sales);
    const whole = fileWithPendingBuild('whole.db', sales);
    const runner = pathToFileURL(await bundledScript('main/store/build-runner.ts')).href;
    const builder = startScript(SLOW_BUILDER, [killed, runner]);
    builders.push(builder);
    await builder.line('a fifth step', (line) => line === '5');
    await stopProcess(builder, 'SIGKILL');

    const { db, sales: repo } = salesOn(killed);
    const left = buildState(db);
    expect(left).toMatchObject({ state: 'building' });
    expect((left as { cursor: number }).cursor).toBeGreaterThan(0);
    const store = openStore(killed); // resumes it
    await expect.poll(() => buildState(db), { timeout: 30_000 }).toMatchObject({ state: 'done' });
    store.close();
    expect(indexedKeys(db)).toEqual(saleKeys(db));

    const reference = salesOn(whole);
    expect(step(reference.db, 10_000)).toBe('done');
    expect(searchAll(repo)).toEqual(searchAll(reference.sales));
  });
});

const builders: LineProcess[] = [];
afterEach(async () => {
  await Promise.all(builders.splice(0).map((b) => stopProcess(b, 'SIGKILL')));
});

/** Another process building the index 10 sales a step, printing each step's number. */
const SLOW_BUILDER = `
const [file, runner] = process.argv.slice(1);
const { default: Database } = await import('better-sqlite3');
const { pendingBuilds, runBuildStep } = await import(runner);
const db = new Database(file);
db.pragma('busy_timeout = 5000');
for (let n = 1; ; n++) {
  const build = pendingBuilds(db)[0];
  if (!build || runBuildStep(db, build, 10) === 'done') break;
  console.log(String(n));
  await new Promise((resolve) => setTimeout(resolve, 5));
}
console.log('finished');
`;
