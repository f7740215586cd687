// An unusable CHECKOUT_CONSOLE_API_TIMEOUT_MS ("15s"): the CLI refuses with what to set, and the
// app, which must still open, uses the default and says the same words in Activity (review R9 L2).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openAccounts, settingProblems } from '../../../main/accounts/open';
import { createConsole } from '../../../main/console';
import { ConsoleError } from '../../../main/errors';
import { createMemorySecrets } from '../../../main/secrets';
import { openStore } from '../../../main/store';
import { useRig } from '../../support/live-rig';
import { suiteProfile } from '../../support/sandbox-profiles';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir('cc-api-timeout-setting-');
const rig = useRig(tmp);

const WORDS =
  'CHECKOUT_CONSOLE_API_TIMEOUT_MS is "15s": set it to a whole number of milliseconds from 100 ' +
  'to 600000 (the default is 15000), or unset it.';

async function open(badSettings?: 'refuse' | 'tell') {
  const sb = await rig.sandbox({ profile: suiteProfile() });
  const store = openStore(join(tmp.path, 'console.sqlite'));
  rig.later(() => store.close());
  const opening = openAccounts({
    store,
    dataDir: tmp.path,
    secrets: createMemorySecrets(),
    env: {
      CHECKOUT_CONSOLE_API_URL: sb.apiUrl,
      CHECKOUT_CONSOLE_API_KEY: sb.apiKey,
      CHECKOUT_CONSOLE_API_TIMEOUT_MS: '15s',
    },
    signal: new AbortController().signal,
    onAccounts: () => undefined,
    onConnectivity: () => undefined,
    badSettings,
  });
  void opening.then(
    (opened) =>
      rig.later(async () => {
        opened.connectivity.close();
        await opened.sandboxHost.close();
      }),
    () => undefined,
  );
  return { store, opening };
}

describe('an unusable CHECKOUT_CONSOLE_API_TIMEOUT_MS', () => {
  it('is listed with what to set instead', () => {
    expect(settingProblems({ CHECKOUT_CONSOLE_API_TIMEOUT_MS: '15s' })).toEqual([WORDS]);
    expect(settingProblems({ CHECKOUT_CONSOLE_API_TIMEOUT_MS: '2000' })).toEqual([]);
    expect(settingProblems({})).toEqual([]);
  });

  it('stops the opening with those words when settings are refused, as the CLI does', async () => {
    const { opening } = await open();
    const error: unknown = await opening.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConsoleError);
    expect(error).toMatchObject({ code: 'invalid_input', message: WORDS });
  });

  it("opens with the default when told, saying the same words in the account's Activity", async () => {
    const { store, opening } = await open('tell');
    const opened = await opening;
    expect(opened.settingProblems).toEqual([WORDS]);
    const account = opened.accounts.active();
    if (!account) throw new Error('the environment account is not active');
    const logged = store.activity.list(account.id, { limit: 10, offset: 0 }).items;
    expect(logged.map((e) => e.message)).toEqual([
      `${WORDS} Until then Checkout Console waits the default 15000 ms for each request to Quaderno.`,
    ]);
    // The client still reaches Quaderno, on the default timeout.
    const { client } = await opened.accounts.activeClient();
    await expect(client.ping()).resolves.not.toThrow();
  });

  it('lets the app open and lists it first in the connection check, which then fails', async () => {
    const sb = await rig.sandbox({ profile: suiteProfile() });
    const env = {
      CHECKOUT_CONSOLE_API_URL: sb.apiUrl,
      CHECKOUT_CONSOLE_API_KEY: sb.apiKey,
      CHECKOUT_CONSOLE_API_TIMEOUT_MS: '15s',
    };
    const secrets = createMemorySecrets();
    const refused: unknown = await createConsole({ dataDir: tmp.path, secrets, env }).catch(
      (e: unknown) => e,
    );
    expect(refused).toMatchObject({ code: 'invalid_input', message: WORDS });
    const cc = await createConsole({
      dataDir: tmp.path,
      secrets,
      env,
      live: { autoStart: false },
      badSettings: 'tell',
    });
    rig.later(() => cc.close());
    const report = await cc.invoke('accounts.checkConnection', {});
    expect(report.checks[0]).toEqual({
      name: 'settings',
      status: 'fail',
      summary: WORDS,
      details: {},
    });
    expect(report.checks.slice(1).map((c) => c.name)).not.toContain('settings');
    expect(report.ok).toBe(false);
  });

  it('is said by the connection check even with no account to check', async () => {
    const cc = await createConsole({
      dataDir: tmp.path,
      secrets: createMemorySecrets(),
      env: { CHECKOUT_CONSOLE_API_TIMEOUT_MS: '15s' },
      live: { autoStart: false },
      badSettings: 'tell',
    });
    rig.later(() => cc.close());
    const answer = await cc.call('accounts.checkConnection', {});
    expect(answer.ok).toBe(false);
    if (answer.ok) return;
    expect(answer.error.code).toBe('no_account');
    expect(answer.error.message).toMatch(/^No account is set up yet\./);
    expect(answer.error.message).toContain(WORDS);
  });
});
