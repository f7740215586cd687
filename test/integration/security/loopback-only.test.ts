// The receiver and the built-in sandbox must only be reachable from this machine: bound to
// 127.0.0.1, refused on the machine's other addresses. Only this machine's own addresses are
// ever dialled.
import { existsSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { valueOf } from '../../../main/commands/output';
import { createConsole, type CheckoutConsole } from '../../../main/console';
import { startSandbox } from '../../../main/sandbox';
import { createMemorySecrets } from '../../../main/secrets';
import type { Account, LiveStatus } from '../../../preload/contract';
import { useTempDir } from '../../support/temp-dir';
import { waitFor } from '../sync/helpers';

const tmp = useTempDir();
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

const otherAddresses = Object.values(networkInterfaces())
  .flat()
  .filter((a) => a !== undefined && a.family === 'IPv4' && !a.internal)
  .map((a) => a!.address);

/** 'refused', 'connected', or the error code, for one TCP connection attempt. */
function dial(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.setTimeout(5000, () => {
      socket.destroy();
      resolve('timeout');
    });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (e: NodeJS.ErrnoException) =>
      resolve(e.code === 'ECONNREFUSED' ? 'refused' : (e.code ?? e.message)),
    );
  });
}

/** Local addresses of listening TCP sockets on `port`, from the kernel's table (Linux). */
function listeners(port: number): string[] {
  const found: string[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      if (!local || state !== '0A') continue;
      const [address, hexPort] = local.split(':');
      if (Number.parseInt(hexPort ?? '', 16) === port) found.push(`${file}:${address}`);
    }
  }
  return found;
}

const LOOPBACK_HEX = '/proc/net/tcp:0100007F';
const hasProcNet = existsSync('/proc/net/tcp') && existsSync('/proc/net/tcp6');

async function expectLoopbackOnly(port: number) {
  expect(await dial('127.0.0.1', port)).toBe('connected');
  if (hasProcNet) expect(listeners(port)).toEqual([LOOPBACK_HEX]);
  for (const address of otherAddresses) {
    expect({ address, outcome: await dial(address, port) }).toEqual({
      address,
      outcome: 'refused',
    });
  }
}

async function open(env: NodeJS.ProcessEnv = {}): Promise<CheckoutConsole> {
  const cc = await createConsole({ dataDir: tmp.path, secrets: createMemorySecrets(), env });
  cleanups.push(() => cc.close());
  return cc;
}

describe('servers listen on 127.0.0.1 only', { timeout: 60_000 }, () => {
  it('knows at least one way to check: the kernel table or another address of this machine', () => {
    expect(hasProcNet || otherAddresses.length > 0).toBe(true);
  });

  it('the receiver of a running console is bound to 127.0.0.1 and refused on other addresses', async () => {
    const sb = await startSandbox();
    cleanups.push(() => sb.close());
    const cc = await open({
      CHECKOUT_CONSOLE_API_URL: sb.apiUrl,
      CHECKOUT_CONSOLE_API_KEY: sb.apiKey,
    });
    const status = await waitFor('the receiver to listen', async () => {
      const s = valueOf<LiveStatus>(await cc.call('live.status', {}));
      return s.receiver.state === 'listening' && s.receiver.port !== null && s;
    });
    await expectLoopbackOnly(status.receiver.port!);
  });

  it('the built-in sandbox is bound to 127.0.0.1 and refused on other addresses', async () => {
    const cc = await open();
    const account = valueOf<Account>(await cc.call('accounts.useSandbox', {}));
    const port = Number(new URL(account.apiUrl).port);
    expect(new URL(account.apiUrl).hostname).toBe('127.0.0.1');
    await expectLoopbackOnly(port);
  });
});
