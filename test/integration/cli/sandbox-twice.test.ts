// One `checkout-console sandbox` per data folder: a second one (without --state) would take over
// the address that `login --sandbox` and the logged-in accounts use, while the first keeps running.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { CLI, collect, runCli } from '../../support/run-process';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir();
const env = () => ({ PATH: process.env.PATH, HOME: tmp.path });

/** Starts a sandbox and resolves with its first line and a way to stop it. */
async function startSandbox(args: string[]) {
  const child = spawn(process.execPath, [CLI, '--data-dir', tmp.path, 'sandbox', ...args], {
    env: env(),
  });
  const lines = createInterface({ input: child.stdout });
  const first = new Promise<string>((resolve) => lines.once('line', resolve));
  const finished = collect(child, '', 90_000);
  const line = await Promise.race([first, finished.then((f) => `exited early: ${f.stderr}`)]);
  return { first: line, stop: () => (child.kill('SIGTERM'), finished) };
}

const pointer = () =>
  (JSON.parse(readFileSync(join(tmp.path, 'sandbox-cli.json'), 'utf8')) as { last: string }).last;

describe('a second sandbox for the same data folder', { timeout: 150_000 }, () => {
  it('is refused, naming the running one, and leaves the address login --sandbox uses', async () => {
    const running = await startSandbox(['--port', '0', '--json']);
    try {
      const { apiUrl } = JSON.parse(running.first) as { apiUrl: string };
      expect(pointer()).toBe(apiUrl);

      const second = await runCli(['--data-dir', tmp.path, 'sandbox', '--port', '0'], {
        env: env(),
        timeoutMs: 60_000,
      });
      expect(second.code).toBe(1);
      expect(second.stderr).toContain(`already running at ${apiUrl}`);
      expect(second.stderr).toMatch(/\(pid \d+\)/);
      expect(second.stderr).toContain('--state FILE');
      expect(pointer()).toBe(apiUrl);

      const separate = await startSandbox(['--port', '0', '--state', tmp.file('x.json'), '--json']);
      expect(separate.first).toMatch(/^\{"apiUrl"/);
      expect((await separate.stop()).code).toBe(0);
      expect(pointer()).toBe(apiUrl);
    } finally {
      expect((await running.stop()).code).toBe(0);
    }
    const again = await startSandbox(['--json']);
    expect(again.first).toMatch(/^\{"apiUrl"/);
    expect((await again.stop()).code).toBe(0);
  });
});
