// Connecting an account while the merchant waits on the form: a Quaderno that does not answer
// is given one try, not five with backoff (which held the form about 80 s).
import { describe, expect, it } from 'vitest';
import { createConsole } from '../../../main/console';
import { createMemorySecrets } from '../../../main/secrets';
import { useCleanups } from '../../support/cleanups';
import { hang, startFakeQuaderno } from '../../support/fake-quaderno';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir();
const { closing } = useCleanups();

describe('adding an account', () => {
  it('gives up after one try when Quaderno never answers, keeping nothing', async () => {
    const server = await startFakeQuaderno([hang]);
    const cc = closing(
      await createConsole({
        dataDir: tmp.path,
        secrets: createMemorySecrets(),
        env: { CHECKOUT_CONSOLE_API_TIMEOUT_MS: '300' },
        live: { autoStart: false },
      }),
    );

    const result = await cc.call('accounts.add', {
      account: server.apiUrl,
      apiKey: 'sk_test_abc123',
    });

    expect(result).toMatchObject({ ok: false, error: { code: 'timeout' } });
    expect(server.seen).toHaveLength(1);
    expect(await cc.invoke('accounts.list', {})).toEqual([]);
  }, 30_000);
});
