// `checkout-console login --sandbox`: a newcomer runs `checkout-console sandbox` in one terminal
// and logs in to it from another, with no keychain (a bare environment has no session bus).
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, runCli } from '../../support/run-process';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir();
const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

const env = (): NodeJS.ProcessEnv => ({ PATH: process.env.PATH, HOME: tmp.path });
const cli = (...args: string[]) => runCli(['--data-dir', tmp.path, ...args], { env: env() });

/** `checkout-console sandbox --json` for the temp data folder; resolves with its address. */
async function startSandboxCommand(
  ...extra: string[]
): Promise<{ apiUrl: string; stop(): Promise<void> }> {
  const args = [CLI, '--data-dir', tmp.path, 'sandbox', '--json', ...extra];
  const child = spawn(process.execPath, args, { env: env() });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  stops.push(stop);
  const first = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    void exited.then(() => reject(new Error('sandbox exited before printing its address')));
  });
  const { apiUrl } = JSON.parse(first) as { apiUrl: string };
  return { apiUrl, stop };
}

describe('checkout-console login --sandbox', () => {
  it('logs in to the sandbox running for the data folder without a keychain, and keeps working after the sandbox restarts', async () => {
    const sandbox = await startSandboxCommand();
    const login = await cli('login', '--sandbox');
    expect(login.stderr).toBe('');
    expect(login.code).toBe(0);
    expect(login.stdout).toContain(`at ${sandbox.apiUrl}`);
    expect(login.stdout).toMatch(/no keychain is needed/);

    const products = await cli('products');
    expect(products.code).toBe(0);
    expect(products.stdout).toMatch(/CODE\s+NAME\s+PRICE/);

    await sandbox.stop();
    const restarted = await startSandboxCommand();
    expect(restarted.apiUrl).toBe(sandbox.apiUrl);
    expect((await cli('products')).code).toBe(0);
  });

  it('keeps the logged-in account working after another sandbox ran with --state or was tried on another port', async () => {
    const sandbox = await startSandboxCommand();
    expect((await cli('login', '--sandbox')).code).toBe(0);

    const separate = await startSandboxCommand('--port', '0', '--state', tmp.file('o.json'));
    await separate.stop();
    const afterState = await cli('products');
    expect(afterState.stderr).toBe('');
    expect(afterState.code).toBe(0);

    // A second sandbox for the folder is refused while the first runs (it used to start and
    // take over the address the account uses; sandbox-twice.test.ts covers the refusal).
    const otherPort = await cli('sandbox', '--port', '0');
    expect(otherPort.code).toBe(1);
    expect(otherPort.stderr).toContain(`already running at ${sandbox.apiUrl}`);
    const afterPort = await cli('products');
    expect(afterPort.stderr).toBe('');
    expect(afterPort.code).toBe(0);
  });

  it('says on stderr when its last port is taken and it runs on another one', async () => {
    const first = await startSandboxCommand();
    await first.stop();
    const port = Number(new URL(first.apiUrl).port);
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve));
    stops.push(() => new Promise<void>((resolve) => squatter.close(() => resolve())));

    const child = spawn(process.execPath, [CLI, '--data-dir', tmp.path, 'sandbox'], {
      env: env(),
    });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    stops.push(async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    });
    const note = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stderr }).once('line', resolve);
      void exited.then(() => reject(new Error('sandbox exited without a note')));
    });
    expect(note).toMatch(new RegExp(`Port ${port} is in use, so the sandbox runs at http`));
    expect(note).toMatch(/`checkout-console login --sandbox`/);
  });

  it('says to start the sandbox with `checkout-console sandbox` when the logged-in one has stopped', async () => {
    const sandbox = await startSandboxCommand();
    expect((await cli('login', '--sandbox')).code).toBe(0);
    await sandbox.stop();

    const products = await cli('products');
    expect(products.code).toBe(1);
    expect(products.stderr).toContain(`The sandbox at ${sandbox.apiUrl} is not running`);
    expect(products.stderr).toMatch(/`checkout-console sandbox`/);
    expect(products.stderr).not.toMatch(/Check your connection|keychain|D-Bus/i);
  });

  it('names `checkout-console sandbox` when no sandbox has run, and when it has stopped', async () => {
    const never = await cli('login', '--sandbox');
    expect(never.code).toBe(1);
    expect(never.stderr).toMatch(/No sandbox is running.*`checkout-console sandbox`/);

    const sandbox = await startSandboxCommand();
    await sandbox.stop();
    const stopped = await cli('login', '--sandbox');
    expect(stopped.code).toBe(1);
    expect(stopped.stderr).toMatch(/No sandbox is running.*`checkout-console sandbox`/);
    expect((await cli('accounts', '--json')).stdout.trim()).toBe('[]');
  });
});

describe('the CLI without an account', () => {
  it('names the commands that set one up, whatever the command', async () => {
    const accounts = await cli('accounts');
    expect(accounts.stdout).toMatch(
      /`checkout-console sandbox`.*`checkout-console login --sandbox`/,
    );
    expect(accounts.stdout).toMatch(/`checkout-console login --api-url ACCOUNT`/);
    for (const command of ['products', 'fulfillments', 'sync']) {
      const out = await cli(command);
      expect(out.code).toBe(1);
      expect(out.stderr).toMatch(/No account is set up yet.*`checkout-console login --sandbox`/);
    }
  });
});
