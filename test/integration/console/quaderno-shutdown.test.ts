// Closing the console must not wait for Quaderno: a call sitting out a rate-limit pause ends
// the moment the console closes, so `listen` honours SIGTERM.
import { describe, expect, it } from 'vitest';
import { createConsole } from '../../../main/console';
import { createMemorySecrets } from '../../../main/secrets';
import { useCleanups } from '../../support/cleanups';
import { useTempDir } from '../../support/temp-dir';
import { json, randomKey, startTinyServer } from '../../unit/quaderno/tiny-server';

const tmp = useTempDir();
const { closing } = useCleanups();

describe('closing the console while Quaderno asks it to wait', () => {
  it('ends the waiting call at once and closes without sending anything more', async () => {
    // The first answer is the ping that keeps the account from the environment.
    const server = closing(
      await startTinyServer([
        json(200, { status: 'OK' }),
        json(429, {}, { 'Retry-After': '30' }),
        json(200, []),
      ]),
    );
    const cc = await createConsole({
      dataDir: tmp.path,
      secrets: createMemorySecrets(),
      env: { CHECKOUT_CONSOLE_API_URL: server.apiUrl, CHECKOUT_CONSOLE_API_KEY: randomKey() },
      live: { autoStart: false },
    });
    const sync = cc.call('products.sync', {});
    await expect.poll(() => server.seen.length, { timeout: 10_000 }).toBe(2);

    const started = Date.now();
    await cc.close();
    const outcome = await sync;
    // The pause asked for 30 s; anything near that means the wait was not released.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(outcome).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/Checkout Console is closing/) },
    });
    expect(server.seen).toHaveLength(2);
  });
});
