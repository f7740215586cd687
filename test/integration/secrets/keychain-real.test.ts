// Drives the REAL Secret Service (gnome-keyring) in a throwaway D-Bus session, through a child
// process, because keytar talks to whatever bus the process started with.
import { execFile } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { probeOutput, type ProbeOutput, type ProbePlan } from '../../support/keychain-probe';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir('cc-keyring-');
const PROBE = 'test/support/keychain-probe.ts';
const SERVICE = 'checkout-console-test';

const WITH_UNLOCKED_KEYRING =
  'printf "%s" "$KEYRING_PASSWORD" | gnome-keyring-daemon --unlock --components=secrets >/dev/null; ' +
  'exec "$NODE" --import tsx "$PROBE" "$1"';
const WITH_KEYRING_LEFT_LOCKED = 'exec "$NODE" --import tsx "$PROBE" "$1"';

interface Session {
  /** Run under dbus-run-session with this shell script, or with no session bus at all. */
  bus: 'unlocked' | 'locked' | 'none';
}

// HOME points into a temp dir so the test keyring never meets a developer's real one.
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: tmp.path,
    XDG_DATA_HOME: tmp.file('data'),
    XDG_CACHE_HOME: tmp.file('cache'),
    XDG_CONFIG_HOME: tmp.file('config'),
    NODE: process.execPath,
    PROBE,
    KEYRING_PASSWORD: 'ci-password',
  };
  return env;
}

function runProbe(plan: Omit<ProbePlan, 'service'>, session: Session): Promise<ProbeOutput> {
  const json = JSON.stringify({ service: SERVICE, ...plan });
  const [file, args] =
    session.bus === 'none'
      ? [process.execPath, ['--import', 'tsx', PROBE, json]]
      : [
          'dbus-run-session',
          [
            '--',
            'sh',
            '-c',
            session.bus === 'unlocked' ? WITH_UNLOCKED_KEYRING : WITH_KEYRING_LEFT_LOCKED,
            'sh',
            json,
          ],
        ];
  return new Promise((resolve, reject) => {
    execFile(file, args, { env: childEnv(), timeout: 60_000 }, (error, stdout, stderr) => {
      // The keyring daemon may print its own lines; the probe's answer is the last JSON line.
      const line = stdout
        .trim()
        .split('\n')
        .reverse()
        .find((l) => l.startsWith('{'));
      if (!line) {
        reject(new Error(`probe printed no JSON (${String(error)}):\n${stdout}\n${stderr}`));
        return;
      }
      resolve(probeOutput.parse(JSON.parse(line)));
    });
  });
}

describe('the real keychain', () => {
  it('stores, reads back, overwrites and deletes a secret', async () => {
    const out = await runProbe(
      {
        steps: [
          { op: 'set', name: 'api-key:1', value: 'sk_test_first' },
          { op: 'get', name: 'api-key:1' },
          { op: 'set', name: 'api-key:1', value: 'sk_test_second' },
          { op: 'get', name: 'api-key:1' },
          { op: 'delete', name: 'api-key:1' },
          { op: 'get', name: 'api-key:1' },
          { op: 'delete', name: 'api-key:1' },
        ],
      },
      { bus: 'unlocked' },
    );
    expect(out).toEqual({
      results: [true, 'sk_test_first', true, 'sk_test_second', true, null, false],
    });
  });

  it('round-trips a secret with non-ASCII characters', async () => {
    const value = 'clé-€-¥-日本-🔑';
    const out = await runProbe(
      {
        steps: [
          { op: 'set', name: 'webhook-auth:7', value },
          { op: 'get', name: 'webhook-auth:7' },
        ],
      },
      { bus: 'unlocked' },
    );
    expect(out).toEqual({ results: [true, value] });
  });

  it('keeps a secret between two separate sessions on the same keyring', async () => {
    await runProbe(
      { steps: [{ op: 'set', name: 'api-key:2', value: 'sk_live_kept' }] },
      { bus: 'unlocked' },
    );
    const out = await runProbe({ steps: [{ op: 'get', name: 'api-key:2' }] }, { bus: 'unlocked' });
    expect(out).toEqual({ results: ['sk_live_kept'] });
  });

  it('explains how to fix a machine without a session bus', async () => {
    const out = await runProbe({ steps: [{ op: 'get', name: 'api-key:1' }] }, { bus: 'none' });
    expect(out.results).toEqual([]);
    expect(out.error?.code).toBe('keychain_unavailable');
    expect(out.error?.message).toMatch(/gnome-keyring or KWallet/);
    expect(out.error?.message).toMatch(/CHECKOUT_CONSOLE_API_URL and CHECKOUT_CONSOLE_API_KEY/);
  });

  it('asks the merchant to unlock a keyring that exists but is locked', async () => {
    await runProbe(
      { steps: [{ op: 'set', name: 'api-key:3', value: 'sk_test_x' }] },
      { bus: 'unlocked' },
    );
    const out = await runProbe(
      { steps: [{ op: 'set', name: 'api-key:4', value: 'sk_test_y' }] },
      { bus: 'locked' },
    );
    expect(out.error?.code).toBe('keychain_unavailable');
    expect(out.error?.message).toMatch(/locked.*Unlock it/s);
  });
});
