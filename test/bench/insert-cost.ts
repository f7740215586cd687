// insert-cost: what SQLite spends on each delivery, without HTTP: the CPU and the WAL bytes of
// one commit of a batch of signed checkout.succeeded deliveries (the ingest bench's, as the
// receiver stores them: events.insertVerifiedMany in a derived transaction), then of turning
// them into sales (processEvent for each, in one derived transaction, as processing's turns do).
// Each variant is its own file with the current schema and one change to it (or none: `current`);
// the variants take turns batch by batch, so load on the machine falls on all of them alike.
// Every file is first filled with `prefill` processed deliveries, so the indexes have a depth.
// After each measured commit the WAL is checkpointed and truncated (not measured), so its size
// after the next commit is that commit's frames: `wal_kb` and `frames` per commit.
// Standalone: node --import tsx test/bench/insert-cost.ts [batches] [prefill] [variant,...]
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { z } from 'zod';
import { eventMetaOf } from '../../main/receiver/payload';
import { processEvent } from '../../main/receiver/process';
import { createRepos, systemNow, type NewEvent, type Repos } from '../../main/store';
import { createAccountsRepo } from '../../main/store/accounts';
import { openConnection } from '../../main/store/open';
import { makeTempDir } from '../support/temp-dir';
import { TEST_ACCOUNT } from '../support/test-store';
import { signedDeliveries } from './deliveries';

const BATCH = 50;
// BY_TREE=1: also which tables and indexes the frames of each commit belong to.
const BY_TREE = process.env.BY_TREE === '1';
// LAG=n: each commit of processing takes the batch stored n batches before, as when processing
// trails a burst (the receiver's turns are held to a twenty-fifth of its time while busy): the
// deliveries still to process stay in the attention index meanwhile.
const LAG = Number(process.env.LAG ?? 0);
const AUTH_KEY = 'bench-auth-key';
const URL = 'http://127.0.0.1:4000/hooks/insert-cost';

/** Schema changes over the current one, each measured on a file of its own. */
const VARIANTS: Record<string, string> = {
  current: '',
  // The two time indexes ascending: a new (later) event goes to the right edge, not the left.
  'events-asc': `
    DROP INDEX webhook_events_received;
    CREATE INDEX webhook_events_received ON webhook_events (account_id, received_at);
    DROP INDEX webhook_events_attention;
    CREATE INDEX webhook_events_attention ON webhook_events (account_id, received_at, id)
      WHERE processed_at IS NULL OR process_error IS NOT NULL;`,
  // Every left-edge index on the path ascending: events', the sales list's, the activity log's.
  'all-asc': `
    DROP INDEX webhook_events_received;
    CREATE INDEX webhook_events_received ON webhook_events (account_id, received_at);
    DROP INDEX webhook_events_attention;
    CREATE INDEX webhook_events_attention ON webhook_events (account_id, received_at, id)
      WHERE processed_at IS NULL OR process_error IS NOT NULL;
    DROP INDEX fulfillments_received;
    CREATE INDEX fulfillments_received ON fulfillments (account_id, received_at, id);
    DROP INDEX activity_at;
    CREATE INDEX activity_at ON activity (account_id, at, id);`,
  // What the sales search index costs processing (not a candidate: the search box needs it).
  'no-sales-search': 'DROP TRIGGER fulfillments_search_insert;',
  // A larger page cache on the connection (SQLite's default: 2 MB).
  'cache-16mb': 'PRAGMA cache_size = -16384;',
  // Both event lists in id order (arrival into the store): their indexes keyed by the account
  // alone (the rowid follows in each entry), smaller entries than a timestamp's.
  'events-by-id': `
    DROP INDEX webhook_events_received;
    CREATE INDEX webhook_events_received ON webhook_events (account_id);
    DROP INDEX webhook_events_attention;
    CREATE INDEX webhook_events_attention ON webhook_events (account_id)
      WHERE processed_at IS NULL OR process_error IS NOT NULL;`,
  // A file made with larger pages (page_size is fixed when a file is created: new files only).
  'page-8k': 'page_size=8192',
  'page-16k': 'page_size=16384',
  // What the attention index costs (not a candidate: Activity reads through it).
  'no-attention': 'DROP INDEX webhook_events_attention;',
  // What the sales' event-id index (schema 17) costs processing.
  'no-sales-by-event': 'DROP INDEX fulfillments_event;',
  // What the received index costs.
  'no-received': 'DROP INDEX webhook_events_received;',
};

interface Totals {
  batches: number;
  insertUs: number;
  insertBytes: number;
  insertFrames: number;
  processUs: number;
  processBytes: number;
  processFrames: number;
}

type Stored = Array<{ id: number; duplicate: boolean }>;

/** Frames per commit by the b-tree (table or index) their page belongs to. */
type ByTree = Map<string, number>;

interface Subject {
  name: string;
  db: Database.Database;
  repos: Repos;
  accountId: number;
  walFile: string;
  insert(list: NewEvent[]): Array<{ id: number; duplicate: boolean }>;
  process(ids: number[]): void;
  totals: Totals;
  /** Batches stored and not processed yet, oldest first (LAG of them stay). */
  backlog: Stored[];
  insertTrees: ByTree;
  processTrees: ByTree;
}

const jsonObject = z.record(z.string(), z.unknown());
const [request] = signedDeliveries(URL, AUTH_KEY, 1_000_000);

function delivery(accountId: number): NewEvent {
  const setup = request!.setupRequest;
  if (typeof setup !== 'function') throw new Error('signedDeliveries gave no setupRequest');
  const req = setup({ method: 'POST' }, {});
  const body = String(req.body);
  const meta = eventMetaOf(jsonObject.parse(JSON.parse(body)));
  return {
    accountId,
    body,
    // As storableHeaders keeps what autocannon sends.
    headers: {
      host: '127.0.0.1:4000',
      'content-length': String(Buffer.byteLength(body)),
      'content-type': 'application/json',
      'x-quaderno-signature': String(req.headers?.['x-quaderno-signature']),
      connection: 'keep-alive',
    },
    eventType: meta.eventType,
    sessionId: meta.sessionId,
    businessKey: meta.businessKey,
  };
}

const zero = (): Totals => ({
  batches: 0,
  insertUs: 0,
  insertBytes: 0,
  insertFrames: 0,
  processUs: 0,
  processBytes: 0,
  processFrames: 0,
});

function open(dir: string, name: string, changes: string): Subject {
  const file = join(dir, `${name}.db`);
  const pageSize = /^page_size=(\d+)$/.exec(changes)?.[1];
  if (pageSize !== undefined) {
    const fresh = new Database(file);
    fresh.pragma(`page_size = ${pageSize}`);
    fresh.exec('VACUUM');
    fresh.close();
  }
  const db = openConnection(file);
  if (pageSize === undefined) db.exec(changes);
  // The bench checkpoints after each commit itself, so each WAL holds one commit's frames.
  db.pragma('wal_autocheckpoint = 0');
  const accountId = createAccountsRepo(db, systemNow).add(TEST_ACCOUNT).id;
  const repos = createRepos(db);
  const insert = repos.derivedTransaction((list: NewEvent[]) =>
    repos.events.insertVerifiedMany(list),
  );
  const process = repos.derivedTransaction((ids: number[]) => {
    for (const id of ids) {
      const r = processEvent(repos, accountId, id);
      if (r.error !== null) throw new Error(`event ${id} was not processed: ${r.error}`);
    }
  });
  const totals = zero();
  const walFile = `${file}-wal`;
  return {
    ...{ name, db, repos, accountId, walFile, insert, process, totals },
    backlog: [],
    insertTrees: new Map(),
    processTrees: new Map(),
  };
}

const cpuUs = (): number => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

function walBytes(s: Subject): number {
  try {
    return statSync(s.walFile).size;
  } catch {
    return 0;
  }
}

function truncateWal(s: Subject): void {
  s.db.pragma('wal_checkpoint(TRUNCATE)');
}

/** Frames in a WAL of `bytes` (a 32-byte header, then 24 bytes of header per page). */
function framesOf(s: Subject, bytes: number): number {
  const page = Number(s.db.pragma('page_size', { simple: true }));
  return bytes <= 32 ? 0 : (bytes - 32) / (page + 24);
}

/** Counts the WAL's frames by the b-tree each page belongs to (dbstat), into `into`. */
function countTrees(s: Subject, into: ByTree): void {
  const wal = readFileSync(s.walFile);
  const page = wal.readUInt32BE(8);
  const owner = new Map<number, string>();
  const pages = s.db.prepare('SELECT name, pageno FROM dbstat').raw().all() as [string, number][];
  for (const [name, pageno] of pages) owner.set(pageno, name);
  for (let at = 32; at + 24 + page <= wal.length; at += 24 + page) {
    const name = owner.get(wal.readUInt32BE(at)) ?? '(free or header)';
    into.set(name, (into.get(name) ?? 0) + 1);
  }
}

function prefill(s: Subject, count: number): void {
  for (let done = 0; done < count; done += 500) {
    const list = Array.from({ length: Math.min(500, count - done) }, () => delivery(s.accountId));
    const stored = s.insert(list);
    s.process(stored.map((r) => r.id));
  }
  // The backlog LAG asks for, stored before anything is measured.
  for (let i = 0; i < LAG; i += 1) {
    s.backlog.push(s.insert(Array.from({ length: BATCH }, () => delivery(s.accountId))));
  }
  truncateWal(s);
}

function measureBatch(s: Subject): void {
  const list = Array.from({ length: BATCH }, () => delivery(s.accountId));
  truncateWal(s);
  let before = cpuUs();
  s.backlog.push(s.insert(list));
  const insertUs = cpuUs() - before;
  const insertBytes = walBytes(s);
  if (BY_TREE) countTrees(s, s.insertTrees);
  truncateWal(s);
  const due = s.backlog.length > LAG ? s.backlog.shift()! : [];
  before = cpuUs();
  s.process(due.map((r) => r.id));
  const processUs = cpuUs() - before;
  const processBytes = walBytes(s);
  if (BY_TREE) countTrees(s, s.processTrees);
  const t = s.totals;
  t.batches += 1;
  t.insertUs += insertUs;
  t.insertBytes += insertBytes;
  t.insertFrames += framesOf(s, insertBytes);
  t.processUs += processUs;
  t.processBytes += processBytes;
  t.processFrames += framesOf(s, processBytes);
}

function fileKb(s: Subject): number {
  truncateWal(s);
  return Math.round(statSync(s.walFile.slice(0, -'-wal'.length)).size / 1024);
}

function main(): void {
  const batches = Number(process.argv[2] ?? 200);
  const prefillCount = Number(process.argv[3] ?? 20_000);
  const chosen = process.argv[4]?.split(',') ?? Object.keys(VARIANTS);
  const dir = makeTempDir('cc-insert-cost-');
  const subjects = chosen.map((name) => {
    const changes = VARIANTS[name];
    if (changes === undefined) throw new Error(`no variant ${name}`);
    return open(dir.path, name, changes);
  });
  for (const s of subjects) prefill(s, prefillCount);
  // A few batches each first, not counted: the JIT and the page caches warm up.
  for (let i = 0; i < 5; i += 1) for (const s of subjects) measureBatch(s);
  for (const s of subjects) {
    s.totals = zero();
    s.insertTrees.clear();
    s.processTrees.clear();
  }
  for (let i = 0; i < batches; i += 1) {
    // Alternating which variant goes first each round.
    const order = i % 2 === 0 ? subjects : [...subjects].reverse();
    for (const s of order) measureBatch(s);
  }
  const n = BATCH;
  console.log(
    `insert-cost: ${batches} batches of ${n} deliveries per variant, ${prefillCount} prefilled`,
  );
  console.log(
    'variant        insert_us/event  insert_kb/commit  insert_frames  process_us/event  process_kb/commit  process_frames  file_kb',
  );
  for (const s of subjects) {
    const t = s.totals;
    const b = t.batches;
    const row = [
      s.name.padEnd(14),
      (t.insertUs / b / n).toFixed(1).padStart(15),
      (t.insertBytes / b / 1024).toFixed(1).padStart(17),
      (t.insertFrames / b).toFixed(1).padStart(14),
      (t.processUs / b / n).toFixed(1).padStart(17),
      (t.processBytes / b / 1024).toFixed(1).padStart(18),
      (t.processFrames / b).toFixed(1).padStart(15),
      String(fileKb(s)).padStart(8),
    ];
    console.log(row.join(' '));
  }
  if (BY_TREE) {
    for (const s of subjects) {
      for (const [phase, trees] of [
        ['insert', s.insertTrees],
        ['process', s.processTrees],
      ] as const) {
        const rows = [...trees].sort((a, b) => b[1] - a[1]);
        const per = rows.map(([name, n]) => `${name} ${(n / s.totals.batches).toFixed(1)}`);
        console.log(`${s.name} ${phase} frames per commit: ${per.join(', ')}`);
      }
    }
  }
  for (const s of subjects) s.db.close();
  dir.remove();
}

main();
