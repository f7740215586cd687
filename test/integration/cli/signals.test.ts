// A command stuck on a server that never answers still stops on the first Ctrl+C or SIGTERM,
// and one that has printed its answer exits by itself.
import { spawn } from 'node:child_process';
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../../main/store';
import { CLI, collect, runCli } from '../../support/run-process';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir();
let server: Server | undefined;
const sockets = new Set<Socket>();
afterEach(async () => {
  for (const socket of sockets) socket.destroy();
  sockets.clear();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

/** Accepts connections and reads requests, but never answers any. */
async function startSilentServer(): Promise<{ apiUrl: string; connected: Promise<void> }> {
  let onConnection = () => {};
  const connected = new Promise<void>((resolve) => (onConnection = resolve));
  const silent = createServer((socket) => {
    sockets.add(socket);
    socket.resume();
    onConnection();
  });
  server = silent;
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const address = silent.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { apiUrl: `http://127.0.0.1:${address.port}/api/`, connected };
}

function silentEnv(apiUrl: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: tmp.path,
    CHECKOUT_CONSOLE_API_URL: apiUrl,
    CHECKOUT_CONSOLE_API_KEY: 'sk_test_silent',
    ...extra,
  };
}

describe('checkout-console stopped by a signal', () => {
  it.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const)(
    'stops `products` waiting on a silent server at the first %s, exit %i, saying Stopped.',
    async (signal, exitCode) => {
      const { apiUrl, connected } = await startSilentServer();
      const child = spawn(process.execPath, [CLI, '--data-dir', tmp.path, 'products'], {
        env: silentEnv(apiUrl),
      });
      // Killed past 60 s: the old CLI ignored the signal and ran its 80 s of retries.
      const finished = collect(child, '', 60_000);
      await connected; // the command is now waiting on the server
      child.kill(signal);
      const run = await finished;
      expect(run.code).toBe(exitCode);
      expect(run.stderr).toBe('Stopped.\n');
    },
  );
});

describe('checkout-console listen stopped while it starts', () => {
  it('ends at the first SIGTERM with Stopped. and 0, while its account is still being checked', async () => {
    const { apiUrl, connected } = await startSilentServer();
    const child = spawn(process.execPath, [CLI, '--data-dir', tmp.path, 'listen'], {
      env: silentEnv(apiUrl),
    });
    // Killed past 40 s: the old listen went on opening through the check's minute of retries.
    const finished = collect(child, '', 40_000);
    await connected; // opening: the account from the environment is asked for at Quaderno
    const stoppedAt = Date.now();
    child.kill('SIGTERM');
    const run = await finished;
    // Promptly: it used to wait up to 10 s for the console still opening, to close it.
    expect(Date.now() - stoppedAt).toBeLessThan(5000);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('Stopped.\n');
    expect(run.stdout).toBe('');
  }, 60_000);
});

describe('checkout-console against a server that never answers', () => {
  it('prints the timeout and that no catalogue is saved, then exits by itself with 1', async () => {
    const { apiUrl } = await startSilentServer();
    // 5 tries of 300 ms plus back-off: a few seconds; the bound is for a process that never ends.
    const env = silentEnv(apiUrl, { CHECKOUT_CONSOLE_API_TIMEOUT_MS: '300' });
    // Added on an earlier run: a new account from the environment is only kept after a ping.
    const store = openStore(`${tmp.path}/checkout-console.sqlite`);
    const row = store.accounts.add({
      name: '127.0.0.1',
      apiUrl,
      kind: 'test',
      email: null,
      identityId: null,
    });
    store.accounts.setActive(row.id);
    store.close();
    const run = await runCli(['--data-dir', tmp.path, 'products'], { env, timeoutMs: 90_000 });
    expect(run.code).toBe(1);
    // Nothing was ever saved: one sentence says so, instead of an empty list beside the error.
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/did not answer GET items.*No catalogue is saved on this machine/s);
  });
});
