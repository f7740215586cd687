// A data folder that cannot be made or used is one clear error at once, never a hang.
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bareEnv, runCli } from '../../support/run-process';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir();
// Killed (code null) past this bound: the bug was a 100% CPU loop that never ended.
const BOUND_MS = 30_000;

describe('checkout-console --data-dir', () => {
  it.skipIf(process.platform !== 'linux').each([
    [
      'refuses a folder that cannot be created (/proc/x) with exit 1 instead of spinning',
      'accounts',
    ],
    ['refuses it for the sandbox too, whose state is kept in the data folder', 'sandbox'],
  ])('%s', async (_what, command) => {
    const run = await runCli(['--data-dir', '/proc/x', command], {
      env: bareEnv(tmp.path),
      timeoutMs: BOUND_MS,
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^checkout-console: The data folder \/proc\/x cannot be created: .*Choose another with --data-dir\.\n$/,
    );
  });

  it('refuses a file given as the data folder, naming it, with exit 1', async () => {
    const file = tmp.file('sales.csv');
    writeFileSync(file, 'id,amount\n');
    const run = await runCli(['--data-dir', file, 'accounts'], {
      env: bareEnv(tmp.path),
      timeoutMs: BOUND_MS,
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `${file} is a file, not a folder. Choose another with --data-dir.`,
    );
    expect(run.stderr).not.toMatch(/EEXIST/);
  });
});
