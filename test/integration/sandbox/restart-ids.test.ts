// A restarted sandbox must not hand out the session ids of an earlier run: the console has
// them stored for other customers.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../../../main/sandbox';
import { freePort } from '../../support/live-rig';
import { CLI, collect, runCli } from '../../support/run-process';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir();

const auth = (key: string) => `Basic ${Buffer.from(`${key}:x`).toString('base64')}`;

async function productCode(sb: { apiUrl: string; apiKey: string }): Promise<string> {
  const res = await fetch(`${sb.apiUrl}items.json`, {
    headers: { Authorization: auth(sb.apiKey) },
  });
  const [item] = (await res.json()) as Array<{ code: string }>;
  if (!item) throw new Error('the sandbox has no products');
  return item.code;
}

/** Runs `f` against a `checkout-console sandbox` child, then stops it with SIGTERM. */
async function withCliSandbox<T>(
  args: string[],
  f: (sb: { apiUrl: string; apiKey: string }) => Promise<T>,
): Promise<T> {
  const child = spawn(
    process.execPath,
    [CLI, '--data-dir', tmp.path, 'sandbox', '--json', ...args],
    {
      env: { PATH: process.env.PATH, HOME: tmp.path },
    },
  );
  try {
    const first = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).once('line', resolve);
      child.once('close', (code) => reject(new Error(`sandbox exited with ${code}`)));
    });
    return await f(JSON.parse(first) as { apiUrl: string; apiKey: string });
  } finally {
    const done = collect(child);
    child.kill('SIGTERM');
    await done;
  }
}

describe('sandbox restarts', { timeout: 120_000 }, () => {
  it('a CLI sandbox restarted without --state in the same data folder gives a new link a new id', async () => {
    const port = await freePort();
    const args = ['--port', String(port), '--key', 'sk_test_restart1'];
    const link = async (sb: { apiUrl: string; apiKey: string }, email: string) => {
      const env = {
        PATH: process.env.PATH,
        HOME: tmp.path,
        CHECKOUT_CONSOLE_API_URL: sb.apiUrl,
        CHECKOUT_CONSOLE_API_KEY: sb.apiKey,
      };
      const run = await runCli(
        [
          '--data-dir',
          tmp.path,
          'link',
          'create',
          '--email',
          email,
          '--item',
          await productCode(sb),
          '--json',
        ],
        { env },
      );
      if (run.code !== 0) throw new Error(run.stderr);
      return JSON.parse(run.stdout) as { id: number; permalink: string };
    };

    const jane = await withCliSandbox(args, (sb) => link(sb, 'jane@example.com'));
    const carol = await withCliSandbox(args, (sb) => link(sb, 'carol@example.net'));

    expect(carol.id).not.toBe(jane.id);
    expect(carol.permalink).not.toBe(jane.permalink);
  });

  it('two sandboxes with no state file start from different session ids', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 2; i++) {
      const sb = await startSandbox({ seed: true });
      try {
        const res = await fetch(`${sb.apiUrl}checkout/sessions.json`, {
          method: 'POST',
          headers: {
            Authorization: auth(sb.apiKey),
            'Content-Type': 'application/json',
          },
          body: JSON.stringify({
            items: [{ product: await productCode(sb) }],
            success_url: 'https://example.com/ok',
            cancel_url: 'https://example.com/no',
          }),
        });
        ids.push(((await res.json()) as { id: number }).id);
      } finally {
        await sb.close();
      }
    }
    expect(ids[0]).not.toBe(ids[1]);
  });
});
