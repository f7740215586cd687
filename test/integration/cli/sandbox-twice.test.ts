// One `checkout-console sandbox` per data folder: a second one (without --state) would take over
// the address that `login --sandbox` and the logged-in accounts use, while the first keeps running.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useCleanups } from '../../support/cleanups';
import { firstLine, startCli, stopProcess } from '../../support/line-process';
import { bareEnv, runCli } from '../../support/run-process';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir();
const { defer } = useCleanups();

/** Starts a sandbox and resolves with its first line and a way to stop it (its exit code). */
async function startSandbox(args: string[]) {
  const sandbox = startCli(['--data-dir', tmp.path, 'sandbox', ...args], bareEnv(tmp.path));
  defer(() => stopProcess(sandbox));
  const first = await firstLine(sandbox);
  return { first, stop: () => stopProcess(sandbox) };
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
        env: bareEnv(tmp.path),
        timeoutMs: 60_000,
      });
      expect(second.code).toBe(1);
      expect(second.stderr).toContain(`already running at ${apiUrl}`);
      expect(second.stderr).toMatch(/\(pid \d+\)/);
      expect(second.stderr).toContain('--state FILE');
      expect(pointer()).toBe(apiUrl);

      const separate = await startSandbox(['--port', '0', '--state', tmp.file('x.json'), '--json']);
      expect(separate.first).toMatch(/^\{"apiUrl"/);
      expect(await separate.stop()).toBe(0);
      expect(pointer()).toBe(apiUrl);
    } finally {
      expect(await running.stop()).toBe(0);
    }
    const again = await startSandbox(['--json']);
    expect(again.first).toMatch(/^\{"apiUrl"/);
    expect(await again.stop()).toBe(0);
  });
});
