// An account whose key is gone from the keychain (removed by hand, another machine's backup):
// the message says how to fix it in the app and on the command line.
import { describe, expect, it } from 'vitest';
import { createConsole } from '../../../main/console';
import { createMemorySecrets } from '../../../main/secrets';
import { startSandbox } from '../../../main/sandbox';
import { useCleanups } from '../../support/cleanups';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir();
const { closing } = useCleanups();

describe('an account whose key is missing', () => {
  it('names the CLI commands that fix it, not only the app screen', async () => {
    const sandbox = closing(await startSandbox());
    const secrets = createMemorySecrets();
    const open = async () =>
      closing(
        await createConsole({ dataDir: tmp.path, secrets, env: {}, live: { autoStart: false } }),
      );
    const adding = await open();
    const added = await adding.call('accounts.add', {
      account: sandbox.apiUrl,
      apiKey: sandbox.apiKey,
    });
    expect(added.ok).toBe(true);
    await adding.close();
    await secrets.delete(`api-key:${sandbox.apiUrl}`);
    // A console keeps the key it read; the next one opened finds it gone.
    const cc = await open();

    const synced = await cc.call('products.sync', {});
    expect(synced).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    const message = synced.ok ? '' : synced.error.message;
    expect(message).toContain('Settings › Accounts');
    expect(message).toContain('`checkout-console logout --api-url sandbox-demo`');
    expect(message).toContain(`\`checkout-console login --api-url ${sandbox.apiUrl}\``);
  });
});
