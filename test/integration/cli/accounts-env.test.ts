// Accounts from CHECKOUT_CONSOLE_API_URL / _KEY on a headless server (no keychain): a typo must
// not leave an account behind, one that was added can be removed, and `products` says plainly
// when there is nothing to show.
import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../main/sandbox';
import { openStore } from '../../../main/store';
import { runCli } from '../../support/run-process';
import { useTempDir } from '../../support/temp-dir';
import {
  hang,
  json,
  randomKey,
  raw,
  startTinyServer,
  type Reply,
  type TinyServer,
} from '../../unit/quaderno/tiny-server';

const tmp = useTempDir();
let sandbox: Sandbox | undefined;
let server: TinyServer | undefined;
afterEach(async () => {
  await sandbox?.close();
  await server?.close();
  sandbox = undefined;
  server = undefined;
});

const bare = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH,
  HOME: tmp.path,
  ...extra,
});
const cli = (args: string[], env: NodeJS.ProcessEnv = bare()) =>
  runCli(['--data-dir', tmp.path, ...args], { env });

describe('an account from the environment', () => {
  it('is not kept when CHECKOUT_CONSOLE_API_URL does not answer, and the error names the variable', async () => {
    sandbox = await startSandbox();
    const mistyped = bare({
      // Port 1 refuses at once: a mistyped port.
      CHECKOUT_CONSOLE_API_URL: 'http://127.0.0.1:1/api/',
      CHECKOUT_CONSOLE_API_KEY: sandbox.apiKey,
    });
    const out = await cli(['products'], mistyped);
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/CHECKOUT_CONSOLE_API_URL \(http:\/\/127\.0\.0\.1:1\/api\/\)/);
    expect(out.stderr).toMatch(/nothing was saved/);
    expect((await cli(['accounts', '--json'])).stdout.trim()).toBe('[]');

    const wrongKey = bare({
      CHECKOUT_CONSOLE_API_URL: sandbox.apiUrl,
      CHECKOUT_CONSOLE_API_KEY: 'sk_test_nope',
    });
    expect((await cli(['accounts'], wrongKey)).code).toBe(1);
    expect((await cli(['accounts', '--json'])).stdout.trim()).toBe('[]');
  });

  it.each([
    [
      'an HTML page',
      raw(200, '<html><body>Welcome</body></html>', { 'Content-Type': 'text/html' }),
    ],
    ['a 503', json(503, { error: 'Service unavailable' })],
    ['an empty JSON object', json(200, {})],
    ['no answer at all', hang],
  ] as Array<[string, Reply]>)(
    'is not kept when the URL answers its ping with %s, and the error names the variable',
    async (_what, reply) => {
      server = await startTinyServer([reply]);
      const env = bare({
        CHECKOUT_CONSOLE_API_URL: server.apiUrl,
        CHECKOUT_CONSOLE_API_KEY: randomKey(),
        CHECKOUT_CONSOLE_API_TIMEOUT_MS: '500',
      });
      const out = await cli(['products'], env);
      expect(out.code).toBe(1);
      expect(out.stderr).toContain(`CHECKOUT_CONSOLE_API_URL (${server.apiUrl}) could not be used`);
      expect(out.stderr).toMatch(/nothing was saved/);
      expect((await cli(['accounts', '--json'])).stdout.trim()).toBe('[]');
    },
  );

  it('is removed by `logout --api-url` with its name or URL, without a keychain', async () => {
    sandbox = await startSandbox();
    const fromEnv = bare({
      CHECKOUT_CONSOLE_API_URL: sandbox.apiUrl,
      CHECKOUT_CONSOLE_API_KEY: sandbox.apiKey,
    });
    expect((await cli(['accounts'], fromEnv)).stdout).toContain(sandbox.apiUrl);

    const byUrl = await cli(['logout', '--api-url', sandbox.apiUrl]);
    expect(byUrl.stderr).toBe('');
    expect(byUrl.code).toBe(0);
    expect((await cli(['accounts', '--json'])).stdout.trim()).toBe('[]');

    await cli(['accounts'], fromEnv);
    const byName = await cli(['logout', '--api-url', '127.0.0.1'], fromEnv);
    expect(byName.code).toBe(0);
    expect(byName.stdout).toMatch(/Unset CHECKOUT_CONSOLE_API_URL and CHECKOUT_CONSOLE_API_KEY/);
  });
});

describe('an account an older version added from the environment', () => {
  it('is removed by `logout --api-url` without a keychain', async () => {
    const store = openStore(tmp.file('checkout-console.sqlite'));
    const row = store.accounts.add({
      name: '127.0.0.1',
      apiUrl: 'http://127.0.0.1:1/api/',
      kind: 'test',
      email: null,
      identityId: null,
    });
    store.accounts.setActive(row.id);
    store.close();

    const out = await cli(['logout', '--api-url', '127.0.0.1']);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect((await cli(['accounts', '--json'])).stdout.trim()).toBe('[]');
  });
});

describe('checkout-console products offline', () => {
  it('says in one sentence that nothing is saved and exits 1 when no catalogue was ever read', async () => {
    server = await startTinyServer([json(200, { status: 'OK' })]);
    const env = bare({
      CHECKOUT_CONSOLE_API_URL: server.apiUrl,
      CHECKOUT_CONSOLE_API_KEY: randomKey(),
    });
    expect((await cli(['accounts'], env)).code).toBe(0);
    await server.close();
    server = undefined;

    const offline = await cli(['products'], env);
    expect(offline.code).toBe(1);
    expect(offline.stdout).toBe('');
    expect(offline.stderr.trim().split('\n')).toHaveLength(1);
    expect(offline.stderr).toMatch(
      /Cannot reach Quaderno.*No catalogue is saved on this machine yet/,
    );
  });
});
