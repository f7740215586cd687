// `smtp set` on a server with no keychain (an account from CHECKOUT_CONSOLE_API_URL / _KEY): the
// mail server is saved without a password, the password comes from CHECKOUT_CONSOLE_SMTP_PASSWORD,
// and a password typed anyway is refused with advice that fits it.
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../../../main/sandbox';
import { useCleanups } from '../../support/cleanups';
import { accountEnv, runCli } from '../../support/run-process';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir();
const { closing } = useCleanups();

const SERVER = ['--host', 'smtp.example.com', '--port', '587', '--security', 'starttls'];
const FLAGS = [...SERVER, '--user', 'shop@example.com', '--from', 'shop@example.com'];

describe('smtp set without a keychain', { timeout: 120_000 }, () => {
  it('saves the mail server with its password from the environment, and refuses a typed one saying how', async () => {
    const sandbox = closing(await startSandbox());
    const account = { apiUrl: sandbox.apiUrl, apiKey: sandbox.apiKey };
    const cli = (args: string[], extra: NodeJS.ProcessEnv = {}, input?: string) =>
      runCli(['--data-dir', tmp.path, ...args], {
        env: accountEnv(tmp.path, account, extra),
        ...(input === undefined ? {} : { input }),
      });

    const typed = await cli(['smtp', 'set', ...FLAGS], {}, 'app-password\n');
    expect(typed.code).toBe(1);
    expect(typed.stderr).toMatch(/password cannot be kept; nothing was saved/);
    expect(typed.stderr).toContain('CHECKOUT_CONSOLE_SMTP_PASSWORD');
    expect(typed.stderr).not.toContain('CHECKOUT_CONSOLE_API_KEY');
    expect((await cli(['smtp', '--json'])).stdout).toBe('null\n');

    const none = await cli(['smtp', 'set', ...FLAGS, '--no-password']);
    expect(none.stderr).toBe('');
    expect(none.stdout).toMatch(/from shop@example\.com; password: not set\.$/m);

    const fromEnv = { CHECKOUT_CONSOLE_SMTP_PASSWORD: 'app-password' };
    const set = await cli(['smtp', 'set', ...FLAGS], fromEnv);
    expect(set.stderr).toBe('');
    expect(set.stdout).toMatch(/password: from CHECKOUT_CONSOLE_SMTP_PASSWORD\.$/m);
    expect((await cli(['smtp'], fromEnv)).stdout).toMatch(
      /^password\s+from CHECKOUT_CONSOLE_SMTP_PASSWORD$/m,
    );
  });
});
