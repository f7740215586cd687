// senders: signed deliveries per second a durable receiver (synchronous=FULL, WAL, in its own
// process) answers to one sender and to eight at once, 1000 deliveries each. A delivery is
// answered only once the commit holding it is on disk, so one sender waits a sync per delivery
// and eight share them (group commit). This figure was printed by crash.test.ts, where it checked
// nothing and took ~60 s of a loaded suite run; test/bench/ingest.ts measures the receiver at
// 50 and 200 connections for 10 s, this one the few-senders end.
// Standalone: node --import tsx test/bench/senders.ts
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import { z } from 'zod';
import { receiverToken } from '../../main/receiver';
import { makeTempDir } from '../support/temp-dir';
import { signedDeliveries } from './deliveries';
import { createReporter, type Report } from './report';

const CHILD = new URL('../support/receiver-child.ts', import.meta.url).pathname;
const AUTH_KEY = 'b3nchS3nd3rsK3y_0123456789';
const DELIVERIES = 1000;
const SENDERS = [1, 8];

const readyLine = z.object({ url: z.string() });

/** The receiver child on `db`, as crash.test.ts starts it: through tsx, from the sources. */
async function startReceiverChild(db: string): Promise<{ child: ChildProcess; url: string }> {
  const args = ['--import', 'tsx', CHILD, db, receiverToken(), AUTH_KEY];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const first = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`receiver child exited early (${code})`)));
  });
  return { child, url: readyLine.parse(JSON.parse(first)).url };
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

export async function bench(report: Report): Promise<void> {
  const tmp = makeTempDir('cc-bench-senders-');
  try {
    const { child, url } = await startReceiverChild(tmp.file('bench.db'));
    try {
      for (const senders of SENDERS) {
        const result = await autocannon({
          url,
          connections: senders,
          amount: DELIVERIES,
          requests: signedDeliveries(url, AUTH_KEY, senders * 1_000_000),
        });
        const answered = result['2xx'];
        if (answered < DELIVERIES) {
          throw new Error(`${senders} sender(s): ${answered} of ${DELIVERIES} answered 200`);
        }
        const seconds = result.duration;
        report(`durable_deliveries_${senders}_senders`, answered / seconds, 'deliveries/s');
      }
    } finally {
      await stop(child);
    }
  } finally {
    tmp.remove();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await bench(createReporter([]));
}
