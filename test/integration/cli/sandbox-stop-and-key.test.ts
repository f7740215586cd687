// `checkout-console sandbox` runs until stopped, and a saved sandbox keeps the key that the
// accounts logged in to it hold.
import { describe, expect, it } from 'vitest';
import { useCleanups } from '../../support/cleanups';
import { firstLine, startCli, stopProcess } from '../../support/line-process';
import { bareEnv, runCli } from '../../support/run-process';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir();
const { defer } = useCleanups();

/** Starts the sandbox, reads its first line, stops it with `signal` and returns the outcome. */
async function runUntil(signal: NodeJS.Signals, args: string[]) {
  const sandbox = startCli(['--data-dir', tmp.path, 'sandbox', ...args], bareEnv(tmp.path));
  defer(() => stopProcess(sandbox));
  const first = await firstLine(sandbox, 60_000);
  const code = await stopProcess(sandbox, signal);
  return { first, code, stderr: sandbox.stderr() };
}

describe('checkout-console sandbox', { timeout: 120_000 }, () => {
  it.each(['SIGINT', 'SIGTERM'] as const)(
    'prints Stopped. on %s and exits 0, its normal end',
    async (signal) => {
      const run = await runUntil(signal, ['--json']);
      expect(run.first).toMatch(/^\{"apiUrl"/);
      expect(run.code).toBe(0);
      expect(run.stderr).toBe('Stopped.\n');
    },
  );

  it('refuses --key that would replace the saved sandbox’s key, and keeps the old one', async () => {
    const first = await runUntil('SIGTERM', ['--key', 'sk_test_first', '--json']);
    expect(JSON.parse(first.first)).toMatchObject({ apiKey: 'sk_test_first' });

    const other = await runCli(['--data-dir', tmp.path, 'sandbox', '--key', 'sk_test_other'], {
      env: bareEnv(tmp.path),
      timeoutMs: 60_000,
    });
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('already has the key sk_test_first');
    expect(other.stderr).toContain('Drop --key');
    expect(other.stderr).toContain('--state FILE');

    const again = await runUntil('SIGTERM', ['--json']);
    expect(JSON.parse(again.first)).toMatchObject({ apiKey: 'sk_test_first' });
    const same = await runUntil('SIGTERM', ['--key', 'sk_test_first', '--json']);
    expect(JSON.parse(same.first)).toMatchObject({ apiKey: 'sk_test_first' });
  });

  it('runs a separate sandbox with another key when --state names another file', async () => {
    await runUntil('SIGTERM', ['--key', 'sk_test_first', '--json']);
    const separate = await runUntil('SIGTERM', [
      '--key',
      'sk_test_other',
      '--state',
      tmp.file('other.json'),
      '--json',
    ]);
    expect(JSON.parse(separate.first)).toMatchObject({ apiKey: 'sk_test_other' });
  });
});
