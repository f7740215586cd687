// Accounts from CHECKOUT_CONSOLE_API_URL / _KEY on a headless server (no keychain): a typo must
// not leave an account behind, one that was added can be removed, and `products` says plainly
// when there is nothing to show.
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../../../main/sandbox';
import { useCleanups } from '../../support/cleanups';
import { accountEnv, bareEnv, runCli } from '../../support/run-process';
import { useTempDir } from '../../support/temp-dir';
import { openStoreWithAccount } from '../../support/test-store';
import {
  hang,
  json,
  randomKey,
  raw,
  startTinyServer,
  type Reply,
} from '../../unit/quaderno/tiny-server';

const tmp = useTempDir();
const { closing } = useCleanups();

const cli = (args: string[], env: NodeJS.ProcessEnv = bareEnv(tmp.path)) =>
  runCli(['--data-dir', tmp.path, ...args], { env });

describe('an account from the environment', () => {
  it('is not kept when CHECKOUT_CONSOLE_API_URL does not answer, and the error names the variable', async () => {
    const sandbox = closing(await startSandbox());
    // Port 1 refuses at once: a mistyped port.
    const mistyped = accountEnv(tmp.path, {
      apiUrl: 'http://127.0.0.1:1/api/',
      apiKey: sandbox.apiKey,
    });
    const out = await cli(['products'], mistyped);
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/CHECKOUT_CONSOLE_API_URL \(http:\/\/127\.0\.0\.1:1\/api\/\)/);
    expect(out.stderr).toMatch(/nothing was saved/);
    expect((await cli(['accounts', '--json'])).stdout.trim()).toBe('[]');

    const wrongKey = accountEnv(tmp.path, { apiUrl: sandbox.apiUrl, apiKey: 'sk_test_nope' });
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
      const server = closing(await startTinyServer([reply]));
      const env = accountEnv(
        tmp.path,
        { apiUrl: server.apiUrl, apiKey: randomKey() },
        { CHECKOUT_CONSOLE_API_TIMEOUT_MS: '500' },
      );
      const out = await cli(['products'], env);
      expect(out.code).toBe(1);
      expect(out.stderr).toContain(`CHECKOUT_CONSOLE_API_URL (${server.apiUrl}) could not be used`);
      expect(out.stderr).toMatch(/nothing was saved/);
      expect((await cli(['accounts', '--json'])).stdout.trim()).toBe('[]');
    },
  );

  it('is removed by `logout --api-url` with its name or URL, without a keychain', async () => {
    const sandbox = closing(await startSandbox());
    const fromEnv = accountEnv(tmp.path, sandbox);
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
    const { store, accountId } = openStoreWithAccount(tmp.file('checkout-console.sqlite'), {
      name: '127.0.0.1',
      apiUrl: 'http://127.0.0.1:1/api/',
      kind: 'test',
    });
    store.accounts.setActive(accountId);
    store.close();

    const out = await cli(['logout', '--api-url', '127.0.0.1']);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect((await cli(['accounts', '--json'])).stdout.trim()).toBe('[]');
  });
});

describe('checkout-console products offline', () => {
  it('says in one sentence that nothing is saved and exits 1 when no catalogue was ever read', async () => {
    const server = closing(await startTinyServer([json(200, { status: 'OK' })]));
    const env = accountEnv(tmp.path, { apiUrl: server.apiUrl, apiKey: randomKey() });
    expect((await cli(['accounts'], env)).code).toBe(0);
    await server.close();

    const offline = await cli(['products'], env);
    expect(offline.code).toBe(1);
    expect(offline.stdout).toBe('');
    expect(offline.stderr.trim().split('\n')).toHaveLength(1);
    expect(offline.stderr).toMatch(
      /Cannot reach Quaderno.*No catalogue is saved on this machine yet/,
    );
  });
});
