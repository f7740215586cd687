// `listen` as real processes: one receiver per data folder and account, a lock a crash does
// not leave behind, and a clear refusal when there is no account to listen for.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { suiteProfile } from '../../support/sandbox-profiles';
import type { Sandbox } from '../../../main/sandbox';
import { liveStatus, useRig } from '../../support/live-rig';
import { CLI, collect, runCli } from '../../support/run-process';
import { useTempDir } from '../../support/temp-dir';
import { waitFor } from '../sync/helpers';

const tmp = useTempDir();
const rig = useRig(tmp);
const sandbox = () => rig.sandbox({ profile: suiteProfile() });

const env = (sb: Sandbox): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH,
  HOME: tmp.path,
  CHECKOUT_CONSOLE_API_URL: sb.apiUrl,
  CHECKOUT_CONSOLE_API_KEY: sb.apiKey,
});

/** A `listen --json` child and a promise that settles once its receiver listens. */
function listen(sb: Sandbox): { child: ChildProcessWithoutNullStreams; listening: Promise<void> } {
  const child = spawn(process.execPath, [CLI, '--data-dir', tmp.path, 'listen', '--json'], {
    env: env(sb),
  });
  rig.later(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  const listening = new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (text) => {
      if (text.includes('"listening"')) resolve();
    });
    child.once('close', (code) => reject(new Error(`listen exited with ${code}`)));
  });
  return { child, listening };
}

describe('listen guard', { timeout: 120_000 }, () => {
  it('refuses a second listen on the same data folder and account, naming the first one', async () => {
    const sb = await sandbox();
    const first = listen(sb);
    await first.listening;

    const second = await runCli(['--data-dir', tmp.path, 'listen'], {
      env: env(sb),
      timeoutMs: 60_000,
    });

    expect(second.code).toBe(1);
    expect(second.stderr).toContain(
      `Another checkout-console listen (pid ${first.child.pid}) is already receiving for this account in this data folder. Stop it first.`,
    );
    expect(second.stdout).not.toContain('Listening for sales');
    expect(first.child.exitCode).toBeNull();
  });

  it('lets the next listen start after the first one was killed with SIGKILL', async () => {
    const sb = await sandbox();
    const first = listen(sb);
    await first.listening;
    const gone = new Promise((r) => first.child.once('close', r));
    first.child.kill('SIGKILL');
    await gone;

    const next = listen(sb);

    await expect(next.listening).resolves.toBeUndefined();
    next.child.kill('SIGTERM');
    expect((await collect(next.child)).code).toBe(0);
  });

  it('shows a running listen in the app’s receiver status instead of fighting it', async () => {
    const sb = await sandbox();
    const first = listen(sb);
    await first.listening;

    const cc = await rig.console(sb);

    const s = await waitFor('the receiver status', async () => {
      const got = await liveStatus(cc);
      return got.receiver.state !== 'stopped' && got;
    });
    expect(s.receiver.state).toBe('error');
    expect(s.receiver.error).toContain(`checkout-console listen (pid ${first.child.pid})`);
  });

  it('says how to set up an account, and exits 1, when there is none', async () => {
    const run = await runCli(['--data-dir', tmp.path, 'listen'], {
      env: { PATH: process.env.PATH, HOME: tmp.path },
      timeoutMs: 60_000,
    });

    expect(run.code).toBe(1);
    expect(run.stdout).not.toContain('Listening for sales');
    expect(run.stderr).toContain('No account is set up');
    expect(run.stderr).toContain('checkout-console login --api-url');
    expect(run.stderr).toContain('CHECKOUT_CONSOLE_API_URL and CHECKOUT_CONSOLE_API_KEY');
    expect(run.stderr).toContain('checkout-console sandbox');
  });
});
