// Stand-ins for the store's insert worker (main/store/writer-worker.ts), for the receiver's
// tests of what the receiving thread does when the worker fails, ends, hangs or lies.
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const packageJson = pathToFileURL(join(resolve(import.meta.dirname, '../..'), 'package.json'));

/**
 * A worker script at `script`: opens `file` as the real one does (synchronous=FULL, said in its
 * ready message), then runs `onInsert` for each batch `m` ({ seq, events }) with `db` open.
 */
export function writeFakeWorker(script: string, file: string, onInsert: string): string {
  writeFileSync(
    script,
    `import { parentPort } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
const Database = createRequire(${JSON.stringify(packageJson.href)})('better-sqlite3');
const db = new Database(${JSON.stringify(file)});
db.pragma('busy_timeout = 5000');
db.pragma('synchronous = FULL');
parentPort.postMessage({ ready: true, synchronous: 2 });
parentPort.on('message', (m) => {
  if (m.kind === 'close') {
    db.close();
    process.exit(0);
  }
  if (m.kind !== 'insert') return;
  ${onInsert}
});
`,
  );
  return script;
}

/** The worker's commit of batch `m`, as the real one makes it (same columns), unanswered. */
export const FAKE_COMMIT = `const ins = db.prepare("INSERT INTO webhook_events (account_id, received_at, body, body_sha256, headers_json, event_type, session_id, business_key, verification, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'valid', NULL)");
  const ids = db.transaction(() => m.events.map((e) => Number(ins.run(e.accountId, e.receivedAt, e.body, createHash('sha256').update(e.body).digest('hex'), JSON.stringify(e.headers), e.eventType, e.sessionId, e.businessKey).lastInsertRowid)))();`;
