// `checkout-console products` when Quaderno fails: the merchant may still see the saved
// catalogue, but the exit code must say the refresh failed, so scripts never take stale data
// (or a cut-off answer) for a fresh one.
import { describe, expect, it } from 'vitest';
import { json, randomKey, startFakeQuaderno, type Reply } from '../../support/fake-quaderno';
import { runCli } from '../../support/run-process';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir();

const item = {
  id: 1,
  code: 'prod_saved',
  name: 'Saved item',
  description: null,
  unit_cost: '10.0',
  currency: 'eur',
  kind: 'one_off',
};

/** Valid JSON followed by 40 MiB of whitespace: only its size is wrong. */
const hugeList: Reply = (res) => {
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.write(JSON.stringify([item]));
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  let written = 0;
  const pump = () => {
    while (written < 40 * 1024 * 1024 && !res.destroyed) {
      written += chunk.length;
      if (!res.write(chunk)) return void res.once('drain', pump);
    }
    res.end();
  };
  pump();
};

// CLI processes with the client's retries behind them: up to 21.5 s at load ~20, close to vitest's
// 30 s. The bound is for a hang, as in the folder's other many-process files.
describe('checkout-console products when the refresh fails', { timeout: 120_000 }, () => {
  it('exits 1 on an oversized answer after one request, and 1 when offline while still showing the saved catalogue', async () => {
    // The first run pings before it keeps the account from the environment.
    let reply: Reply = json(200, { status: 'OK' });
    const server = await startFakeQuaderno([(res, req) => reply(res, req)]);
    const env = {
      PATH: process.env.PATH,
      HOME: tmp.path,
      CHECKOUT_CONSOLE_API_URL: server.apiUrl,
      CHECKOUT_CONSOLE_API_KEY: randomKey(),
    };
    const args = ['--data-dir', tmp.path, 'products'];
    expect((await runCli(['--data-dir', tmp.path, 'accounts'], { env })).code).toBe(0);
    reply = json(200, [item]);
    const fresh = await runCli(args, { env });
    expect(fresh.code).toBe(0);
    expect(fresh.stdout).toMatch(/prod_saved/);

    reply = hugeList;
    const before = server.seen.length;
    const huge = await runCli(args, { env });
    expect(huge.code).toBe(1);
    expect(huge.stderr).toMatch(/Quaderno's answer to GET items was larger than 32 MiB/);
    expect(server.seen.length - before).toBe(1);

    await server.close();
    const offline = await runCli(args, { env });
    expect(offline.code).toBe(1);
    expect(offline.stdout).toMatch(/prod_saved/);
    expect(offline.stderr).toMatch(/Cannot reach Quaderno.*catalogue shown is the one saved/);
  });
});
