// ingest's durable floor without checkpoints: the least a receiver can do and still keep the
// durability rule (a 200 only once the delivery is on disk), to set the receiver's throughput
// beside. It reads the body, inserts it into one SQLite table, commits what arrived in a loop
// turn as one transaction (synchronous NORMAL: the commit itself does not wait for the disk),
// fsyncs the WAL from the thread pool (one sync at a time, a handle kept open, as the receiver's
// syncToDisk), and only then answers 200, with the bare server's small JSON. What arrives during
// a sync is committed as soon as it ends, in one transaction, and covered by the next sync
// (group commit).
// Nothing else: no signature check, no JSON decode, no dedupe, no processing, no checkpoint
// (wal_autocheckpoint 0: the WAL only grows over a bench run, so the floor pays no checkpoint
// copy or sync at all, where the receiver's checkpoint worker copies pages and syncs every
// 200 ms on the same disk and cores: a receiver that must checkpoint cannot quite reach it).
// ingest.ts bundles it with esbuild and runs: node <bundle> <db file>. Prints one JSON line
// {"url"} once it listens; on SIGTERM closes the database and exits.
import { fsync, openSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Database from 'better-sqlite3';

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: ingest-floor <db file>\n');
  process.exit(2);
}

const db = new Database(file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.pragma('wal_autocheckpoint = 0');
db.exec(
  'CREATE TABLE IF NOT EXISTS events (id INTEGER PRIMARY KEY, received_at TEXT NOT NULL, body TEXT NOT NULL)',
);
const insert = db.prepare('INSERT INTO events (received_at, body) VALUES (?, ?)');

interface Arrived {
  receivedAt: string;
  body: string;
  res: ServerResponse;
}

const insertAll = db.transaction((batch: Arrived[]) => {
  for (const a of batch) insert.run(a.receivedAt, a.body);
});

let pending: Arrived[] = [];
let commitScheduled = false;
let syncing = false;
// After a failed fsync the kernel may have dropped the pages: nothing is acknowledged again.
let diskFailed = false;
// Opened after the first commit, which creates the WAL, and kept.
let walFd: number | undefined;

function answer(res: ServerResponse, status: number, bytes: number): void {
  const text = JSON.stringify({ received: status === 200, bytes });
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
  });
  res.end(text);
}

function commitAndSync(): void {
  commitScheduled = false;
  const batch = pending;
  pending = [];
  if (batch.length === 0) return;
  try {
    insertAll(batch);
  } catch {
    for (const a of batch) answer(a.res, 500, 0);
    return;
  }
  walFd ??= openSync(`${file}-wal`, 'r+');
  syncing = true;
  fsync(walFd, (error) => {
    syncing = false;
    if (error) diskFailed = true;
    // The next group goes to the disk before this one's answers go out.
    if (pending.length > 0) commitAndSync();
    for (const a of batch) answer(a.res, diskFailed ? 500 : 200, a.body.length);
  });
}

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    if (diskFailed) return answer(res, 500, 0);
    const body = Buffer.concat(chunks).toString('utf8');
    pending.push({ receivedAt: new Date().toISOString(), body, res });
    if (!commitScheduled && !syncing) {
      commitScheduled = true;
      setImmediate(commitAndSync);
    }
  });
});

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(JSON.stringify({ url: `http://127.0.0.1:${port}/hooks/x` }) + '\n');
});

process.on('SIGTERM', () => {
  server.close();
  db.close();
  process.exit(0);
});
