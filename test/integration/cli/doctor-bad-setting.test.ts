// `doctor` with an unusable env setting (CHECKOUT_CONSOLE_API_TIMEOUT_MS="15s"): other commands
// refuse to start, saying what to set; `doctor` runs its checks instead and lists the setting
// first, as a failed 'settings' check, then exits 1 (cli.ts: badSettings 'tell' for doctor).
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startSandbox } from '../../../main/sandbox';
import { useCleanups } from '../../support/cleanups';
import { accountEnv, bareEnv, runCli } from '../../support/run-process';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir('cc-doctor-bad-setting-');
const { closing } = useCleanups();

const WORDS =
  'CHECKOUT_CONSOLE_API_TIMEOUT_MS is "15s": set it to a whole number of milliseconds from 100 ' +
  'to 600000 (the default is 15000), or unset it.';

const report = z.object({
  ok: z.boolean(),
  checks: z.array(z.object({ name: z.string(), status: z.string(), summary: z.string() })),
});

describe('checkout-console doctor with an unusable CHECKOUT_CONSOLE_API_TIMEOUT_MS', () => {
  it('lists the setting first as a failed check and exits 1, where another command refuses to start', async () => {
    const sandbox = closing(await startSandbox({ port: 0 }));
    const env = accountEnv(
      tmp.path,
      { apiUrl: sandbox.apiUrl, apiKey: sandbox.apiKey },
      { CHECKOUT_CONSOLE_API_TIMEOUT_MS: '15s' },
    );
    const doctor = await runCli(['--data-dir', tmp.path, 'doctor', '--json'], { env });
    expect(doctor.code).toBe(1);
    expect(doctor.stderr).toMatch(/failed at: settings/);
    const { ok, checks } = report.parse(JSON.parse(doctor.stdout));
    expect(ok).toBe(false);
    expect(checks[0]).toMatchObject({ name: 'settings', status: 'fail', summary: WORDS });
    // The checks after it still ran, on the default timeout.
    expect(checks.find((c) => c.name === 'authorization')?.status).toBe('pass');

    const other = await runCli(['--data-dir', tmp.path, 'accounts'], { env });
    expect(other.code).not.toBe(0);
    expect(other.stdout).toBe('');
    expect(other.stderr).toContain(WORDS);
  });

  it('says the setting beside the no-account hint when there is no account to check', async () => {
    const env = bareEnv(tmp.path, { CHECKOUT_CONSOLE_API_TIMEOUT_MS: '15s' });
    const doctor = await runCli(['--data-dir', tmp.file('empty'), 'doctor'], { env });
    expect(doctor.code).toBe(1);
    expect(doctor.stderr).toMatch(/No account is set up yet/);
    expect(doctor.stderr).toContain(WORDS);
  });
});
