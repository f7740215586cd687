// The thread writer.ts starts: inserts the receiver's batches of verified events on a connection
// of its own and commits them without waiting for the disk. The receiver's thread syncs the WAL
// and answers; this thread never answers anyone, so it need not know about the disk.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { z } from 'zod';
import { createEventsRepo, type NewEvent } from './events';

const setUp = z.object({ file: z.string() });
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

const port = parentPort;
if (port === null) throw new Error('writer-worker.ts runs only as a worker thread.');
const { file } = setUp.parse(workerData);
const db = new Database(file, { fileMustExist: true });
// The receiver's checkpoint worker runs the checkpoints; this one only inserts.
db.pragma('busy_timeout = 5000');
db.pragma('wal_autocheckpoint = 0');
db.pragma('foreign_keys = ON');
// Its commits never wait for the disk: the receiver's thread fsyncs the WAL before any 200.
db.pragma('synchronous = NORMAL');
const events = createEventsRepo(db, () => new Date().toISOString());
port.postMessage({ ready: true });

port.on('message', (posted: unknown) => {
  const message = request.parse(posted);
  if (message.kind === 'close') {
    db.close();
    port.close();
    return;
  }
  const list: NewEvent[] = message.events;
  try {
    port.postMessage({ seq: message.seq, ok: true, stored: events.insertVerifiedMany(list) });
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    port.postMessage({ seq: message.seq, ok: false, reason });
  }
});
