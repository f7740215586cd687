// `checkout-console doctor` as a merchant runs it: a real process, real HTTP, a real data folder.
import { describe, expect, it } from 'vitest';
import type { DoctorReport } from '../../../preload/contract';
import { startSandbox } from '../../../main/sandbox';
import { useCleanups } from '../../support/cleanups';
import { accountEnv, runCli } from '../../support/run-process';
import { useTempDir } from '../../support/temp-dir';
import { randomKey, startTinyServer } from '../../unit/quaderno/tiny-server';
import { realServiceRoutes } from './real-service';
import { DOCTOR_STEPS } from './steps';

const tmp = useTempDir();
const { closing } = useCleanups();

function doctor(apiUrl: string, apiKey: string, json: boolean) {
  const env = accountEnv(tmp.path, { apiUrl, apiKey });
  return runCli(['--data-dir', tmp.path, 'doctor', ...(json ? ['--json'] : [])], { env });
}

describe('checkout-console doctor', () => {
  it('reports every step against the sandbox, exits 0, and never shows the key or a whole email', async () => {
    const sandbox = closing(await startSandbox({ port: 0 }));
    const asJson = await doctor(sandbox.apiUrl, sandbox.apiKey, true);
    expect(asJson.stderr).toBe('');
    expect(asJson.code).toBe(0);
    const report = JSON.parse(asJson.stdout) as DoctorReport;
    expect(report.ok).toBe(true);
    expect(report.checks.map((c) => c.name)).toEqual(DOCTOR_STEPS);
    expect(report.checks.find((c) => c.name === 'items')?.details.count).toBeGreaterThan(0);
    expect(report.checks.find((c) => c.name === 'signature')?.summary).toMatch(/not seen yet/);
    const asText = await doctor(sandbox.apiUrl, sandbox.apiKey, false);
    expect(asText.code).toBe(0);
    expect(asText.stdout).toMatch(/Result: every check passed/);
    for (const output of [asJson.stdout, asText.stdout]) {
      expect(output).not.toContain(sandbox.apiKey);
      expect(output).not.toMatch(/sk_test_/);
      expect(output).not.toContain(`${sandbox.accountName}@example.com`);
      expect(output).toContain('s***@example.com');
    }
  });

  it("names what the sandbox's observed profile sends differently, and still exits 0", async () => {
    const sandbox = closing(await startSandbox({ port: 0, profile: 'observed' }));
    const result = await doctor(sandbox.apiUrl, sandbox.apiKey, true);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as DoctorReport;
    const byName = Object.fromEntries(report.checks.map((c) => [c.name, c]));
    expect(byName.items?.status).toBe('note');
    expect(byName.items?.summary).toMatch(/without currency .*kind .*description/);
    expect(byName.sessions?.details.paging_headers).toBe('absent');
    expect(byName.authorization?.details.id_type).toBe('string');
    expect(result.stdout).not.toContain(sandbox.apiKey);
  });

  it('names items without currency, an oldest-first list without paging headers, and a wrong clock, then exits 1', async () => {
    const apiKey = randomKey();
    const server = closing(
      await startTinyServer([realServiceRoutes({ clockOffsetMs: -3600_000 })]),
    );
    const result = await doctor(server.apiUrl, apiKey, true);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/failed at: clock/);
    const report = JSON.parse(result.stdout) as DoctorReport;
    const byName = Object.fromEntries(report.checks.map((c) => [c.name, c]));
    expect(byName.items?.details).toMatchObject({
      count: 2,
      missing_currency: 2,
      missing_kind: 2,
      missing_description: 2,
    });
    expect(byName.items?.summary).toMatch(/currency \(2 of 2\)/);
    expect(byName.sessions?.details).toMatchObject({
      order: 'oldest-first',
      paging_headers: 'absent',
    });
    expect(byName.authorization?.details).toMatchObject({ id: '999', id_type: 'string' });
    expect(byName.clock?.status).toBe('fail');
    expect(byName.clock?.summary).toMatch(/ahead of Quaderno's/);
    expect(result.stdout).not.toContain(apiKey);
    expect(result.stdout).not.toContain('jane@shop.example');
    expect(result.stdout).toContain('j***@shop.example');
  });
});
