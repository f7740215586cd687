// The CLI as a merchant runs it: a real process from bin/, real HTTP, the real
// keychain under a throwaway D-Bus session.
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../../../main/sandbox';
import { useCleanups } from '../../support/cleanups';
import { firstLine, startCli, stopProcess } from '../../support/line-process';
import { CLI, accountEnv, bareEnv, runCli, runProcess } from '../../support/run-process';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir();
const { closing, defer } = useCleanups();

function run(args: string[], opts: { env?: NodeJS.ProcessEnv; input?: string } = {}) {
  return runCli(args, {
    env: opts.env ?? bareEnv(tmp.path),
    ...(opts.input ? { input: opts.input } : {}),
  });
}

/** Runs a shell script inside a fresh D-Bus session with an unlocked gnome-keyring. */
function withKeyring(script: string) {
  const unlock = `printf '%s' ci-password | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1`;
  return runProcess('dbus-run-session', ['--', 'sh', '-c', `${unlock}; ${script}`], {
    env: bareEnv(tmp.path),
  });
}

async function startSandboxProcess(args: string[]) {
  const sandbox = startCli(['sandbox', ...args], bareEnv(tmp.path));
  defer(() => stopProcess(sandbox));
  return { sandbox, first: await firstLine(sandbox) };
}

describe('checkout-console sandbox', () => {
  it('serves the API with the given key and answers like Quaderno, then stops on SIGTERM', async () => {
    const { sandbox, first } = await startSandboxProcess([
      '--port',
      '0',
      '--key',
      'sk_test_cli',
      '--json',
    ]);
    const { apiUrl, apiKey } = JSON.parse(first) as { apiUrl: string; apiKey: string };
    expect(apiKey).toBe('sk_test_cli');
    expect(apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/$/);
    const auth = `Basic ${Buffer.from(`${apiKey}:x`).toString('base64')}`;

    const ping = await fetch(`${apiUrl}ping.json`, { headers: { authorization: auth } });
    expect(ping.status).toBe(200);
    expect(await ping.json()).toEqual({ status: 'OK' });
    expect(ping.headers.get('x-ratelimit-limit')).toBe('100');

    const denied = await fetch(`${apiUrl}ping`, { headers: { authorization: 'Basic eDp4' } });
    expect(denied.status).toBe(401);
    expect(await denied.json()).toEqual({ error: 'Wrong API key or the user does not exist.' });

    const items = (await (
      await fetch(`${apiUrl}items`, { headers: { authorization: auth } })
    ).json()) as Array<{ code: string; unit_cost: string }>;
    const created = await fetch(`${apiUrl}checkout/sessions.json`, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/json' },
      body: JSON.stringify({
        items: [{ product: items[0]?.code }],
        success_url: 'https://example.com/ok',
        cancel_url: 'https://example.com/no',
      }),
    });
    expect(created.status).toBe(201);
    const session = (await created.json()) as {
      id: number;
      status: string;
      items: Array<{ amount: number }>;
    };
    expect(session.status).toBe('pending');
    expect(session.items[0]?.amount).toBe(Math.round(Number(items[0]?.unit_cost) * 100));
    const gone = await fetch(`${apiUrl}checkout/sessions/${session.id}`, {
      method: 'DELETE',
      headers: { authorization: auth },
    });
    expect(gone.status).toBe(204);

    expect(await stopProcess(sandbox)).toBe(0);
  });

  it('prints the API URL and key for people, and refuses a bad port with exit code 2', async () => {
    const { first } = await startSandboxProcess(['--port', '0']);
    expect(first).toMatch(/^Quaderno sandbox running at http:\/\/127\.0\.0\.1:\d+\/api\/$/);
    const bad = await run(['sandbox', '--port', 'eighty']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--port needs a whole number from 0 to 65535/);
  });
});

describe('checkout-console accounts', () => {
  it('logs in with the key from stdin into the real keychain, lists accounts and products, logs out', async () => {
    const sandbox = closing(await startSandbox());
    const cli = `${process.execPath} ${CLI} --data-dir '${tmp.path}'`;
    const out = await withKeyring(
      [
        `printf %s '${sandbox.apiKey}' | ${cli} login --api-url '${sandbox.apiUrl}'`,
        `${cli} accounts`,
        `${cli} products --json`,
        `${cli} logout`,
        `${cli} accounts --json`,
      ].join(' && '),
    );
    expect(out.stderr).not.toMatch(/checkout-console:/); // dbus-daemon may log its own noise
    expect(out.code).toBe(0);
    const lines = out.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^Logged in to sandbox-demo \(test\)/);
    expect(out.stdout).toMatch(/\*\s+1\s+sandbox-demo\s+TEST/);
    const productsLine = lines.find((l) => l.startsWith('[{'));
    const products = JSON.parse(productsLine ?? '[]') as Array<{ currency: string }>;
    expect(products.map((p) => p.currency)).toEqual(expect.arrayContaining(['EUR', 'USD', 'JPY']));
    expect(out.stdout).toMatch(/Logged out of sandbox-demo/);
    expect(lines.at(-1)).toBe('[]');
  });

  it('explains how to fix a missing keychain and exits non-zero, storing nothing', async () => {
    const sandbox = closing(await startSandbox());
    const login = await run(['--data-dir', tmp.path, 'login', '--api-url', sandbox.apiUrl], {
      input: sandbox.apiKey,
    });
    expect(login.code).toBe(1);
    expect(login.stderr).toMatch(/keychain is not available.*CHECKOUT_CONSOLE_API_KEY/s);
    expect((await run(['--data-dir', tmp.path, 'accounts', '--json'])).stdout.trim()).toBe('[]');
  });

  it('works headless from the environment variables', async () => {
    const sandbox = closing(await startSandbox());
    const env = accountEnv(tmp.path, sandbox);
    const products = await run(['--data-dir', tmp.path, 'products'], { env });
    expect(products.code).toBe(0);
    expect(products.stdout).toMatch(/¥/);
    expect(products.stdout).toMatch(/€/);
  });

  it('rejects a wrong key and an unknown command on stderr', async () => {
    const sandbox = closing(await startSandbox());
    const env = accountEnv(tmp.path, { apiUrl: sandbox.apiUrl, apiKey: 'sk_test_nope' });
    const wrong = await run(['--data-dir', tmp.path, 'products'], { env });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/did not accept this API key/);
    expect(wrong.stdout).toBe('');
    const unknown = await run(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown command "frobnicate"/);
  });
});
