// Values a merchant set by hand (an environment variable, a flag) that cannot be used are
// refused with what to fix, never silently ignored or passed on.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { main } from '../../../main/cli';
import { listenOverride } from '../../../main/commands/live';
import { UsageError } from '../../../main/commands/output';
import type { SignalWatch } from '../../../main/commands/signals';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir();

/** Runs the CLI in this process with only the environment given. */
async function cli(argv: string[], env: NodeJS.ProcessEnv) {
  const out: string[] = [];
  const err: string[] = [];
  const signals: SignalWatch = { stopped: new Promise(() => {}), dispose: () => {} };
  const code = await main(
    argv,
    { out: (l) => out.push(l), err: (l) => err.push(l), readStdin: () => Promise.resolve('') },
    { CHECKOUT_CONSOLE_DATA_DIR: tmp.path, ...env },
    signals,
  );
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

describe('CHECKOUT_CONSOLE_API_TIMEOUT_MS', () => {
  it.each(['abc', '-3', '1.5', '50', '9999999', '1e3', '0x3E8', '2000.0', '+2000', '2_000'])(
    'refuses %s and says what to set it to',
    async (value) => {
      const run = await cli(['accounts'], { CHECKOUT_CONSOLE_API_TIMEOUT_MS: value });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`CHECKOUT_CONSOLE_API_TIMEOUT_MS is "${value}"`);
      expect(run.stderr).toContain('whole number of milliseconds from 100 to 600000');
    },
  );

  it.each(['2000', ' ', ''])('accepts %j (a number in range, or unset)', async (value) => {
    const run = await cli(['accounts', '--json'], { CHECKOUT_CONSOLE_API_TIMEOUT_MS: value });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });
});

describe('listen --tunnel-host', () => {
  it.each(['javascript:alert(1)', 'file:///etc/passwd', 'localtunnel.me', ''])(
    'refuses %j: it must be an http(s) address',
    (host) => {
      expect(() => listenOverride({ tunnel: true, 'tunnel-host': host })).toThrow(UsageError);
      expect(() => listenOverride({ tunnel: true, 'tunnel-host': host })).toThrow(
        '--tunnel-host must be the http(s) address of a localtunnel server',
      );
    },
  );

  it('takes an https or http tunnel server address', () => {
    for (const host of ['https://localtunnel.me', 'http://127.0.0.1:4000']) {
      expect(listenOverride({ tunnel: true, 'tunnel-host': host })).toEqual({ tunnel: { host } });
    }
  });
});

describe('numbers typed on the command line', () => {
  const loose = ['0x2', '1e1', ' 3', '2.0', '0b11', ''];

  it.each(loose)('refuses --port %j with exit 2, naming the flag and its range', async (port) => {
    const run = await cli(['sandbox', '--port', port], {});
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      `--port needs a whole number from 0 to 65535, not ${JSON.stringify(port)}.`,
    );
    expect(() => listenOverride({ port })).toThrow(UsageError);
  });

  it.each(loose)('refuses the link id %j with exit 2 and says where the ids are', async (id) => {
    const cancel = await cli(['link', 'cancel', id], {});
    expect(cancel.code).toBe(2);
    expect(cancel.stderr).toContain('`checkout-console links` lists them');
    const qr = await cli(['link', 'qr', id, tmp.file('x.png')], {});
    expect(qr.code).toBe(2);
    expect(qr.stderr).toContain('link qr needs the link id and a PNG file');
  });

  it.each(loose)('refuses --limit %j with exit 2', async (limit) => {
    const run = await cli(['fulfillments', '--limit', limit], {});
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      `--limit needs a whole number from 1, not ${JSON.stringify(limit)}.`,
    );
  });

  it('still takes plain digits', () => {
    expect(listenOverride({ port: '8080' })).toEqual({ port: 8080 });
    expect(listenOverride({ port: '0' })).toEqual({ port: 0 });
  });
});

describe('days and folders typed on the command line', () => {
  it.each([
    ['fulfillments', '--until', '2026-13-99'],
    ['fulfillments', '--until', '2026-02-30'],
    ['fulfillments', '--since', '2026-00-10'],
    ['summary', '--day', '2026-13-01'],
    ['summary', '--day', '2026-04-31'],
  ])('refuses `%s %s %s` with exit 2: no such day', async (command, flag, day) => {
    const run = await cli([command, flag, day], {});
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${flag} needs a day as YYYY-MM-DD`);
    expect(run.stderr).toContain(JSON.stringify(day));
  });

  it('still takes the last day of a month for --until', async () => {
    const run = await cli(['fulfillments', '--until', '2026-02-28', '--json'], {});
    expect(run.stderr).not.toContain('needs a day');
  });

  it.each(['--data-dir=', '--data-dir= '])(
    'refuses %j with exit 2 instead of using the current folder',
    async (flag) => {
      const here = process.cwd();
      process.chdir(tmp.path);
      try {
        const run = await cli([flag, 'accounts'], {});
        expect(run.code).toBe(2);
        expect(run.stderr).toContain('--data-dir needs a folder');
        expect(readdirSync(tmp.path)).toEqual([]);
      } finally {
        process.chdir(here);
      }
    },
  );
});
