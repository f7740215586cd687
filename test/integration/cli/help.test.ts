// `help CMD`, `CMD --help`, `--version` and mistakes in the command line, as a merchant types
// them: a real process, no account needed.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../support/run-process';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir();
const cli = (args: string[]) =>
  runCli(['--data-dir', tmp.path, ...args], { env: { PATH: process.env.PATH, HOME: tmp.path } });

describe('checkout-console help', () => {
  it('shows one command’s help for `help links` and `links --help`, not the overview', async () => {
    const viaHelp = await cli(['help', 'links']);
    const viaFlag = await cli(['links', '--help']);
    expect(viaHelp.code).toBe(0);
    expect(viaHelp.stdout).toMatch(/^Usage: checkout-console links \[--status S\]/);
    expect(viaHelp.stdout).not.toContain('Commands:');
    expect(viaFlag).toEqual(viaHelp);
  });

  it('shows link create’s own options for `link create --help`', async () => {
    const run = await cli(['link', 'create', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: checkout-console link create/);
    expect(run.stdout).toContain('--first-name F');
  });

  it('prints the package version for --version', async () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    const run = await cli(['--version']);
    expect(run).toMatchObject({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });

  it('names an unknown command in `help` with exit 2', async () => {
    const run = await cli(['help', 'frobnicate']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/no command "frobnicate".*checkout-console --help/);
  });
});

describe('checkout-console command-line mistakes', () => {
  it('names an unknown option and the command’s help with exit 2, in its own words', async () => {
    const run = await cli(['link', 'create', '--email', 'a@example.com', '--price', '5']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'checkout-console: Unknown option --price for link create. Run `checkout-console link create --help` to see its options.\n',
    );
  });

  it('says an option needs its value instead of Node’s advice about positionals', async () => {
    const run = await cli(['link', 'create', '--email', '--item', 'X']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--email needs a value');
    expect(run.stderr).not.toMatch(/positional|ambiguous|argument/);
  });

  it('refuses a quantity past the limit before any account is needed, naming it', async () => {
    const item = ['--email', 'a@example.com', '--item', 'X:1000000'];
    const run = await cli(['link', 'create', ...item]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--item X:1000000');
    expect(run.stderr).toContain('from 1 to 10000');
  });

  it('names a stray word and the command’s help, and a link id that is not a number', async () => {
    const stray = await cli(['links', 'open']);
    expect(stray.code).toBe(2);
    expect(stray.stderr).toBe(
      'checkout-console: Unexpected argument "open" for links. Run `checkout-console links --help` to see its options.\n',
    );
    const id = await cli(['link', 'cancel', 'abc']);
    expect(id.code).toBe(2);
    expect(id.stderr).toContain('not "abc"; `checkout-console links` lists them');
  });
});
