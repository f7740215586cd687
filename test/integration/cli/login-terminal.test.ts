// `login` typed on a real terminal (a pseudo-terminal from util-linux `script`): what the
// merchant's screen shows must not include the secret key.
import { spawn, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CLI } from '../../support/run-process';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir();
const hasScript = process.platform === 'linux' && spawnSync('script', ['--version']).status === 0;
const KEY = 'sk_live_TerminalSecret42';

/** Runs login under a terminal, types the key once the prompt shows, returns the screen. */
function loginOnTerminal(keystrokes: string): Promise<{ code: number | null; screen: string }> {
  // Port 1 refuses at once: the key is checked against a Quaderno that is not there.
  const login = `'${process.execPath}' '${CLI}' --data-dir '${tmp.path}' login --api-url http://127.0.0.1:1/api/`;
  // The terminal's state once login is over: echo must be back on.
  const command = `${login}; code=$?; stty -a | grep -qw -- -echo && echo ECHO-OFF; exit $code`;
  const child = spawn('script', ['-qfec', command, '/dev/null'], {
    env: { PATH: process.env.PATH, HOME: tmp.path, TERM: 'dumb' },
  });
  return new Promise((resolve, reject) => {
    let screen = '';
    let typed = false;
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      screen += d;
      // Typed only once the prompt is up: the terminal echoes whatever arrives before raw mode.
      if (!typed && screen.includes('Paste your secret API key')) {
        typed = true;
        child.stdin.write(keystrokes);
      }
    });
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, screen });
    });
  });
}

describe.skipIf(!hasScript)('checkout-console login on a terminal', () => {
  it('never shows the key it reads', async () => {
    const { code, screen } = await loginOnTerminal(`${KEY}\r\u0004`);
    expect(screen).toMatch(/Cannot reach Quaderno/); // the key was read and tried
    expect(screen, screen).not.toContain(KEY);
    expect(screen).not.toMatch(/ECHO-OFF/);
    expect(code).toBe(1);
  });

  it('stops on Ctrl+C with exit 130 and the terminal echoing again', async () => {
    const { code, screen } = await loginOnTerminal(`${KEY.slice(0, 10)}\u0003`);
    expect(screen).toMatch(/Stopped\./);
    expect(screen).not.toContain(KEY.slice(0, 10));
    expect(screen).not.toMatch(/ECHO-OFF/);
    expect(code).toBe(130);
  });
});
