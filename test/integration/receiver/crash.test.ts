import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { receiverToken, signWebhook } from '../../../main/receiver';
import { openStore } from '../../../main/store';
import { useTempDir } from '../../support/temp-dir';
import { eventually, succeededBody } from './helpers';

const tmp = useTempDir('cc-receiver-crash-');
const CHILD = new URL('../../support/receiver-child.ts', import.meta.url).pathname;
const AUTH_KEY = 'cR4shT3stK3y_0123456789';
const children = new Set<ChildProcess>();

afterEach(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  children.clear();
});

/** The child's first line, once it listens (test/support/receiver-child.ts). */
const readyLine = z.object({ url: z.string(), accountId: z.number() });

interface Running {
  child: ChildProcess;
  url: string;
  accountId: number;
  exited: Promise<void>;
}

/** `offThreadFrom`: the receiver's insert worker takes batches that large (0: all of them). */
async function startChild(db: string, token: string, offThreadFrom?: number): Promise<Running> {
  const more = offThreadFrom === undefined ? [] : [String(offThreadFrom)];
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, db, token, AUTH_KEY, ...more], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const lines = createInterface({ input: child.stdout! });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`receiver child exited early (${code})`)));
  });
  return { child, exited, ...readyLine.parse(JSON.parse(first)) };
}

/** One signed delivery; resolves true only when the receiver answered 200. */
function post(agent: Agent, url: string, body: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'Content-Type': 'application/json',
          'X-Quaderno-Signature': signWebhook(AUTH_KEY, url, body),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode === 200));
        res.on('error', () => resolve(false));
      },
    );
    req.on('error', () => resolve(false));
    req.end(body);
  });
}

/** `senders` concurrent senders until the receiver stops answering or `enough` says so. */
async function flood(
  url: string,
  senders: number,
  firstSession: number,
  onAck: (acked: number) => boolean,
): Promise<number[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: senders });
  const acked: number[] = [];
  let next = firstSession;
  let done = false;
  await Promise.all(
    Array.from({ length: senders }, async () => {
      while (!done) {
        const session = next++;
        const ok = await post(
          agent,
          url,
          succeededBody({ session, transaction: `pi_c${session}` }),
        );
        if (!ok) done = true;
        else if (!done) {
          acked.push(session);
          if (onAck(acked.length)) done = true;
        }
      }
    }),
  );
  agent.destroy();
  return acked;
}

/**
 * `rounds` receivers on one file, each SIGKILLed at a random moment while deliveries are in
 * flight; after each, every delivery acknowledged so far must be stored. Then a last start must
 * process them all, one fulfilment per acknowledged sale. Returns how many were acknowledged.
 */
async function killRounds(rounds: number, offThreadFrom?: number): Promise<number> {
  const db = tmp.file('console.db');
  const token = receiverToken();
  const acknowledged: number[] = [];
  let session = 1;
  let accountId = 0;
  for (let round = 0; round < rounds; round++) {
    const running = await startChild(db, token, offThreadFrom);
    accountId = running.accountId;
    // Killed while deliveries are in flight, after a random number of acknowledgements.
    const killAfter = 150 + Math.floor(Math.random() * 250);
    const acked = await flood(running.url, 8, session, (n) => {
      if (n === killAfter) running.child.kill('SIGKILL');
      return false;
    });
    await running.exited;
    acknowledged.push(...acked);
    session += 100_000;
    const store = openStore(db);
    const events = store.events;
    const stored = new Set(
      events.list(accountId, { limit: 1_000_000, offset: 0 }).items.map((e) => e.sessionId),
    );
    store.close();
    const missing = acknowledged.filter((s) => !stored.has(s));
    expect(missing, `round ${round}: acknowledged but not stored`).toEqual([]);
  }
  expect(acknowledged.length).toBeGreaterThanOrEqual(rounds * 150);
  // A last start processes whatever a kill interrupted: one fulfilment per acknowledged sale.
  const last = await startChild(db, token, offThreadFrom);
  const store = openStore(db);
  try {
    const repo = store.fulfillments;
    await eventually(() => store.events.unprocessed(accountId).length === 0, 60_000);
    for (const s of acknowledged) expect(repo.bySession(accountId, s)?.sessionId).toBe(s);
    const total = repo.list(accountId, { limit: 1, offset: 0 }).total;
    expect(total).toBe(store.events.count(accountId, 'valid'));
  } finally {
    store.close();
    last.child.kill('SIGTERM');
    await last.exited;
  }
  return acknowledged.length;
}

describe('receiver crash safety', () => {
  it('keeps every delivery it acknowledged through ten SIGKILLs at random moments', async () => {
    const acknowledged = await killRounds(10);
    expect(acknowledged).toBeGreaterThan(1500);
    expect(acknowledged).toBeGreaterThanOrEqual(10 * 150);
    console.info(`[figures] ${acknowledged} acknowledged deliveries survived 10 SIGKILLs`);
  }, 300_000);

  // The insert worker commits (and syncs) on its own thread and the receiver answers on its
  // word: a kill between the two, or during either, must lose nothing acknowledged either.
  it('keeps every delivery acknowledged through the insert worker through five SIGKILLs', async () => {
    const acknowledged = await killRounds(5, 0);
    console.info(
      `[figures] ${acknowledged} acknowledged deliveries (insert worker) survived 5 SIGKILLs`,
    );
  }, 300_000);
});
