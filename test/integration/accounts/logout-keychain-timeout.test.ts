// Removing an account whose keychain does not answer in time: the account is either kept with
// its key or gone, never kept without it (every later call would then fail "No API key").
import { describe, expect, it } from 'vitest';
import { keychainName } from '../../../main/accounts';
import { runLogout } from '../../../main/commands/accounts';
import { createConsole } from '../../../main/console';
import { secretsLeftAdvice } from '../../../preload/webhooks-left';
import { startSandbox } from '../../../main/sandbox';
import { createMemorySecrets, type SecretStore } from '../../../main/secrets';
import { keychainTimedOut } from '../../../main/secrets/keychain-errors';
import { useCleanups } from '../../support/cleanups';
import { recordingIo } from '../../support/recording-io';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir();
const { closing } = useCleanups();

/** Memory secrets whose deletes of the names `timesOut` picks time out, once it is set. */
function secretsTimingOut(): SecretStore & { timesOut: (name: string) => boolean } {
  const inner = createMemorySecrets();
  const secrets = {
    ...inner,
    timesOut: (_name: string) => false,
    delete: async (name: string) => {
      if (secrets.timesOut(name)) throw keychainTimedOut(5000);
      return inner.delete(name);
    },
  };
  return secrets;
}

async function consoleWithAccount(secrets: SecretStore) {
  const sandbox = closing(await startSandbox());
  const cc = closing(
    await createConsole({ dataDir: tmp.path, secrets, env: {}, live: { autoStart: false } }),
  );
  const account = await cc.invoke('accounts.add', {
    account: sandbox.apiUrl,
    apiKey: sandbox.apiKey,
  });
  return { sandbox, cc, account };
}

describe('removing an account when the keychain times out', () => {
  it('removes it when deleting its SMTP password times out', async () => {
    const secrets = secretsTimingOut();
    const { sandbox, cc, account } = await consoleWithAccount(secrets);
    secrets.timesOut = (name) => name.startsWith('smtp-password:');

    const result = await cc.call('accounts.remove', { id: account.id });

    expect(result).toEqual({
      ok: true,
      value: { removed: true, webhooksLeft: [], secretsLeft: [`smtp-password:${account.id}`] },
    });
    expect(await cc.invoke('accounts.list', {})).toEqual([]);
    expect(await secrets.get(keychainName(sandbox.apiUrl))).toBeNull();
  });

  it('removes it when deleting its API key times out, asking for the key after its delivery secrets', async () => {
    const secrets = secretsTimingOut();
    const { sandbox, cc, account } = await consoleWithAccount(secrets);
    const asked: string[] = [];
    secrets.timesOut = (name) => {
      asked.push(name);
      return name === keychainName(sandbox.apiUrl);
    };

    const result = await cc.call('accounts.remove', { id: account.id });

    expect(result).toEqual({
      ok: true,
      value: { removed: true, webhooksLeft: [], secretsLeft: [keychainName(sandbox.apiUrl)] },
    });
    expect(await cc.invoke('accounts.list', {})).toEqual([]);
    expect(asked.at(-1)).toBe(keychainName(sandbox.apiUrl));
  });

  it('says on the command line that the key is still in the keychain, and which entry to delete', async () => {
    const secrets = secretsTimingOut();
    const { sandbox, cc } = await consoleWithAccount(secrets);
    secrets.timesOut = (name) => name === keychainName(sandbox.apiUrl);
    const { io, out, err } = recordingIo();

    await runLogout(cc, {}, io, {});

    expect(out).toEqual([
      expect.stringMatching(/^Logged out of .*, but its key is still in the keychain\.$/),
    ]);
    expect(err).toEqual([secretsLeftAdvice([keychainName(sandbox.apiUrl)])]);
    expect(err[0]).toContain(`"api-key:${sandbox.apiUrl}"`);
  });
});
