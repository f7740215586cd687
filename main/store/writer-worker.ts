// The thread writer.ts starts: it owns the receiver's inserts and their trip to the disk. Its
// connection commits with synchronous=FULL, so the WAL is fsync'd inside its COMMIT, on this
// thread; in WAL mode SQLite publishes a commit to other connections (the wal-index header)
// only after that sync (sqlite3.c walFrames: sqlite3OsSync, then walIndexWriteHdr;
// test/integration/receiver/worker-commit-order.test.ts pins it), so the receiver's processing
// can never read an event a power cut could still lose. Each answer goes back once its commit is
// on disk, and the receiver answers 200 then.
// Pipelined: the receiver posts each loop turn's deliveries as soon as they are verified; here
// every batch queued meanwhile is drained into ONE transaction and one sync (group commit), while
// the receiver goes on reading and verifying the next ones.
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { z } from 'zod';
import { createEventsRepo, type NewEvent } from './events';
import { workerTurn } from './writer-gate';

const setUp = z.object({ file: z.string(), gate: z.instanceof(Int32Array) });
const newEvent = z.object({
  accountId: z.number().int(),
  body: z.string(),
  headers: z.record(z.string(), z.string()),
  eventType: z.string().nullable(),
  sessionId: z.number().int().nullable(),
  businessKey: z.string().nullable(),
  // Stamped by the receiver's thread, whose store may run on a clock of its own (tests).
  receivedAt: z.string(),
});
const request = z.union([
  z.object({ kind: z.literal('insert'), seq: z.number().int(), events: z.array(newEvent) }),
  z.object({ kind: z.literal('close') }),
]);
type Insert = Extract<z.infer<typeof request>, { kind: 'insert' }>;

const port = parentPort;
if (port === null) throw new Error('writer-worker.ts runs only as a worker thread.');
const { file, gate } = setUp.parse(workerData);
const db = new Database(file, { fileMustExist: true });
// The receiver's checkpoint worker runs the checkpoints; this one only inserts.
db.pragma('busy_timeout = 5000');
db.pragma('wal_autocheckpoint = 0');
db.pragma('foreign_keys = ON');
// The sync of each commit, before it is visible or answered.
db.pragma('synchronous = FULL');
// macOS: through the drive's cache, as the receiver's own syncs (store/open.ts).
db.pragma('fullfsync = ON');
const events = createEventsRepo(db, () => new Date().toISOString());
// After a failed sync the kernel may report the next one clean for pages it dropped: nothing is
// acknowledged again until the store is opened again (repos.ts keeps the same rule).
let broken: { reason: string; code: string } | null = null;
port.postMessage({ ready: true, synchronous: db.pragma('synchronous', { simple: true }) });

function codeOf(e: unknown): string {
  return e instanceof Error && 'code' in e ? String(e.code) : '';
}

/** SQLite's code as the receiver's side reads it (writer.ts): any other, none. */
const sqliteCodeOf = (code: string): string | undefined =>
  /^SQLITE_[A-Z_]+$/.test(code) && code.length <= 64 ? code : undefined;

/** A failed write of the WAL or its sync: the disk, not the rows. */
const diskError = (code: string): boolean => code.startsWith('SQLITE_IOERR');

/** Another connection held the write lock through busy_timeout. */
const busyError = (code: string): boolean => /^SQLITE_(BUSY|LOCKED)/.test(code);

function fail(seq: number, e: unknown): void {
  const reason = e instanceof Error ? e.message : String(e);
  const code = codeOf(e);
  if (diskError(code)) broken ??= { reason, code };
  // The code crosses to the receiver (writer.ts), which answers a busy batch 500 at once.
  port!.postMessage({ seq, ok: false, reason, disk: diskError(code), code: sqliteCodeOf(code) });
}

// Each batch alone, when the transaction of all of them failed: one refused row fails only its
// own batch (the receiver then retries that one delivery by delivery).
function commitEach(batches: Insert[]): void {
  for (const b of batches) {
    if (broken) {
      port!.postMessage({
        seq: b.seq,
        ok: false,
        reason: broken.reason,
        disk: true,
        code: sqliteCodeOf(broken.code),
      });
      continue;
    }
    try {
      const stored = workerTurn(gate, () => events.insertVerifiedMany(b.events));
      port!.postMessage({ seq: b.seq, ok: true, stored });
    } catch (e) {
      fail(b.seq, e);
    }
  }
}

function commit(batches: Insert[]): void {
  if (batches.length === 0) return;
  if (broken || batches.length === 1) return commitEach(batches);
  const all: NewEvent[] = batches.flatMap((b) => b.events);
  let stored;
  try {
    stored = workerTurn(gate, () => events.insertVerifiedMany(all));
  } catch (e) {
    // Busy: each batch alone would wait out busy_timeout again, in turn.
    if (diskError(codeOf(e)) || busyError(codeOf(e))) {
      for (const b of batches) fail(b.seq, e);
      return;
    }
    return commitEach(batches);
  }
  let at = 0;
  for (const b of batches) {
    port!.postMessage({ seq: b.seq, ok: true, stored: stored.slice(at, at + b.events.length) });
    at += b.events.length;
  }
}

function close(): void {
  db.close();
  port!.close();
}

port.on('message', (first: unknown) => {
  // Everything the receiver posted while the last commit synced goes into this one.
  const batches: Insert[] = [];
  let closing = false;
  for (let posted: unknown = first; posted !== undefined;) {
    const message = request.parse(posted);
    if (message.kind === 'close') closing = true;
    else batches.push(message);
    posted = closing ? undefined : receiveMessageOnPort(port)?.message;
  }
  commit(batches);
  if (closing) close();
});
