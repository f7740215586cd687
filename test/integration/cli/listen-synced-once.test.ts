// `listen` syncs when it starts and again once its webhook is registered (sales made in between
// are only found that way); the second one finding nothing new is not news worth a line.
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../main/sandbox';
import { suiteProfile } from '../../support/sandbox-profiles';
import { CLI, collect } from '../../support/run-process';
import { useTempDir } from '../../support/temp-dir';
import { sessions, waitFor } from '../sync/helpers';

const tmp = useTempDir();
let sb: Sandbox | undefined;
afterEach(async () => {
  await sb?.close();
});

/** `listen` against a fresh sandbox, once it has said its webhook is registered. */
async function listenUntilRegistered() {
  const sandbox = await startSandbox({ profile: suiteProfile() });
  sb = sandbox;
  const child = spawn(process.execPath, [CLI, '--data-dir', tmp.path, 'listen'], {
    env: {
      PATH: process.env.PATH,
      HOME: tmp.path,
      CHECKOUT_CONSOLE_API_URL: sandbox.apiUrl,
      CHECKOUT_CONSOLE_API_KEY: sandbox.apiKey,
    },
  });
  const lines: string[] = [];
  createInterface({ input: child.stdout }).on('line', (l) => lines.push(l));
  const finished = collect(child, '', 100_000);
  await waitFor(
    'the registered status line',
    () => lines.some((l) => /webhook registered/.test(l)),
    60_000,
  );
  return { sandbox, child, lines, finished };
}

describe('checkout-console listen', { timeout: 120_000 }, () => {
  it('prints its synced line once at start, not once per start-up sync', async () => {
    const { sandbox, child, lines, finished } = await listenUntilRegistered();
    await sessions(sandbox, 1);
    await waitFor('the sale line', () => lines.some((l) => l.startsWith('sale #')), 60_000);
    child.kill('SIGINT');

    expect((await finished).code).toBe(0);
    expect(lines.filter((l) => l.startsWith('synced:'))).toHaveLength(1);
  });

  it('keeps its receiver lock and pid files private (0600), as the README promises', async () => {
    const { child, finished } = await listenUntilRegistered();
    const locks = readdirSync(tmp.path).filter((f) => f.startsWith('receiver-'));
    const modes = locks.map((f) => [f, (statSync(join(tmp.path, f)).mode & 0o777).toString(8)]);
    child.kill('SIGINT');
    expect((await finished).code).toBe(0);

    expect(locks.length).toBeGreaterThanOrEqual(2);
    expect(modes).toEqual(locks.map((f) => [f, '600']));
  });
});
