// The repro, end to end: Quaderno answers a session lookup with `429 Retry-After: 3600`
// while `listen` runs, and forged deliveries make it look sessions up. Nothing may freeze:
// later calls fail at once with the pause named, and SIGTERM still stops the process.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../../main/console';
import { useRig } from '../../support/live-rig';
import { CLI, collect } from '../../support/run-process';
import { useTempDir } from '../../support/temp-dir';
import { waitFor } from '../sync/helpers';
import { startApiProxy } from './api-proxy';

const tmp = useTempDir();
const rig = useRig(tmp);

/** Sends on to the sandbox; every single-session GET is answered 429 with a one-hour wait. */
async function rateLimitingProxy(
  target: string,
): Promise<{ apiUrl: string; lookups: () => number }> {
  let lookups = 0;
  const { apiUrl } = await startApiProxy(target, rig.later, {
    intercept: (req, res, path) => {
      if (req.method !== 'GET' || !/\/checkout\/sessions\/\d+(\.json)?$/.test(path)) return false;
      lookups += 1;
      res.writeHead(429, { 'Retry-After': '3600', 'Content-Type': 'application/json' });
      res.end('{"error":"Rate limit exceeded"}');
      return true;
    },
  });
  return { apiUrl, lookups: () => lookups };
}

describe('listen while Quaderno asks for a one-hour pause', { timeout: 120_000 }, () => {
  it('keeps answering, fails later lookups at once, and stops on the first SIGTERM', async () => {
    const sb = await rig.sandbox();
    const proxy = await rateLimitingProxy(sb.origin);
    const child = spawn(process.execPath, [CLI, '--data-dir', tmp.path, 'listen', '--json'], {
      env: {
        PATH: process.env.PATH,
        HOME: tmp.path,
        CHECKOUT_CONSOLE_API_URL: proxy.apiUrl,
        CHECKOUT_CONSOLE_API_KEY: sb.apiKey,
      },
    });
    rig.later(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });
    const done = collect(child);
    let port = 0;
    createInterface({ input: child.stdout }).on('line', (line) => {
      const found = /"receiver":\{"state":"listening","port":(\d+)/.exec(line);
      if (found) port = Number(found[1]);
    });
    await waitFor('the receiver to listen', () => port > 0, 60_000);
    const db = new Database(join(tmp.path, DATABASE_FILE), { readonly: true });
    const row = db
      .prepare("SELECT value FROM settings WHERE key LIKE 'live.receiverToken.%'")
      .get() as { value: string };
    db.close();
    const token = String(JSON.parse(row.value));

    // Two forged deliveries naming different sessions: each makes listen ask Quaderno. The
    // second goes once the first lookup was answered 429, so it meets the pause.
    for (const session of [101, 102]) {
      if (session === 102) await waitFor('a session lookup', () => proxy.lookups() >= 1, 30_000);
      const answer = await fetch(`http://127.0.0.1:${port}/hooks/${token}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Quaderno-Signature': 'forged' },
        body: JSON.stringify({
          event_type: 'checkout.succeeded',
          data: { object: { transaction_details: { session, email: 'eve@example.com' } } },
        }),
      });
      expect(answer.status).toBeLessThan(500);
    }

    const stopped = Date.now();
    child.kill('SIGTERM');
    const exit = await done;

    // Before: the second lookup waited out the hour, and SIGTERM was still ignored after 40 s.
    expect(Date.now() - stopped).toBeLessThan(15_000);
    expect(exit.code).toBe(0);
    // The pause is shared: the second lookup fails at once instead of being sent (it can only
    // reach the proxy if it started before the client had read the first 429).
    expect(proxy.lookups()).toBeLessThanOrEqual(2);
  });
});
