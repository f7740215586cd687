// What main says when the merchant switches to or removes an account this console no longer has
// (removed from the command line or another window, an older backup restored). The words show in
// Settings › Accounts, which reads its accounts again itself, and on the command line (`logout`
// racing another removal), so they say what happened and name no list.
import { describe, expect, it } from 'vitest';
import { createConsole } from '../../../main/console';
import { createMemorySecrets } from '../../../main/secrets';
import { useCleanups } from '../../support/cleanups';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir('cc-accounts-missing-');
const { closing } = useCleanups();

const accountGone = (id: number) =>
  `Account ${id} is no longer in this console: it was removed, or an older backup without it ` +
  'was restored.';

describe("main's answer for an account the console does not have", () => {
  it('says it was removed or a backup restored, for Use this account and Remove', async () => {
    const cc = closing(
      await createConsole({
        dataDir: tmp.path,
        secrets: createMemorySecrets(),
        env: {},
        live: { autoStart: false },
      }),
    );
    for (const method of ['accounts.switch', 'accounts.remove'] as const) {
      const answer = await cc.call(method, { id: 4242 });
      expect(answer).toEqual({
        ok: false,
        error: expect.objectContaining({ code: 'not_found', message: accountGone(4242) }),
      });
    }
  });
});
