// `checkout-console sandbox --profile`: a real process from bin/, real HTTP.
import { describe, expect, it } from 'vitest';
import { useCleanups } from '../../support/cleanups';
import { firstLine, startCli, stopProcess } from '../../support/line-process';
import { bareEnv, runCli } from '../../support/run-process';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir();
const { defer } = useCleanups();

function startSandboxProcess(args: string[]): Promise<string> {
  const sandbox = startCli(['--data-dir', tmp.file('data'), 'sandbox', ...args], bareEnv(tmp.path));
  defer(() => stopProcess(sandbox));
  return firstLine(sandbox);
}

async function identityId(first: string): Promise<unknown> {
  const { apiUrl, apiKey } = JSON.parse(first) as { apiUrl: string; apiKey: string };
  const auth = `Basic ${Buffer.from(`${apiKey}:x`).toString('base64')}`;
  const res = await fetch(`${apiUrl}authorization`, { headers: { authorization: auth } });
  return ((await res.json()) as { identity: { id: unknown } }).identity.id;
}

describe('checkout-console sandbox --profile', () => {
  it('answers as the real Quaderno is observed to with --profile observed (a string identity id)', async () => {
    const first = await startSandboxProcess(['--profile', 'observed', '--json']);
    expect(JSON.parse(first)).toMatchObject({ profile: 'observed' });
    expect(await identityId(first)).toMatch(/^\d+$/);
  });

  it('answers as documented without --profile (a numeric identity id)', async () => {
    const first = await startSandboxProcess(['--json']);
    expect(JSON.parse(first)).toMatchObject({ profile: 'documented' });
    expect(typeof (await identityId(first))).toBe('number');
  });

  it('refuses an unknown profile with exit code 2 and names the choices', async () => {
    const bad = await runCli(['--data-dir', tmp.file('data'), 'sandbox', '--profile', 'real'], {
      env: bareEnv(tmp.path),
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--profile must be one of documented, observed/);
  });
});
