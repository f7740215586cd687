// Usage errors and runtime failures as a merchant meets them: a real process against an
// in-process sandbox, each message naming what was wrong and what to do, in the CLI's words.
import { writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../../../main/sandbox';
import { useCleanups } from '../../support/cleanups';
import { accountEnv, bareEnv, runCli } from '../../support/run-process';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir();
const { closing, defer } = useCleanups();

async function withSandbox() {
  const env = accountEnv(tmp.path, closing(await startSandbox()));
  return (args: string[]) => runCli(['--data-dir', tmp.file('data'), ...args], { env });
}

/** Node's own wording, which must never reach the merchant. */
const NODE_WORDS = /EADDRINUSE|ENOENT|EEXIST|Error:| {4}at |Something went wrong inside/;

describe('checkout-console usage errors (exit 2)', () => {
  it.each([
    [
      'lists the link statuses in words for links --status open',
      ['links', '--status', 'open'],
      'checkout-console: --status open is not a link status; use pending, processing, completed, failed, abandoned or deleted.\n',
    ],
    [
      'says there is no link 999 and which command lists them',
      ['link', 'cancel', '999'],
      'checkout-console: No link 999; `checkout-console links` lists them.\n',
    ],
  ])('%s', async (_what, args, stderr) => {
    const cli = await withSandbox();
    const run = await cli(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(stderr);
  });
});

describe('checkout-console runtime failures (exit 1)', () => {
  it('points an unknown product code at `checkout-console products`, not the app’s list', async () => {
    const cli = await withSandbox();
    const run = await cli(['link', 'create', '--email', 'a@example.com', '--item', 'NOPE:2']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'checkout-console: --item NOPE:2: there is no product "NOPE" in this account\'s catalogue. Run `checkout-console products` to see the codes.\n',
    );
  });

  it('names the missing folder when export --out cannot be written', async () => {
    const cli = await withSandbox();
    const folder = tmp.file('no-such-folder');
    const run = await cli(['export', '--what', 'links', '--out', `${folder}/x.csv`]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`the folder ${folder} does not exist`);
    expect(run.stderr).toContain('--out');
    expect(run.stderr).not.toMatch(NODE_WORDS);
  });

  it('says the sandbox port is in use and to pass another --port, without EADDRINUSE', async () => {
    const busy = createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
    defer(() => new Promise<void>((r) => busy.close(() => r())));
    const { port } = busy.address() as AddressInfo;
    const run = await runCli(['--data-dir', tmp.path, 'sandbox', '--port', String(port)], {
      env: bareEnv(tmp.path),
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `checkout-console: Port ${port} is already in use. Pass another --port, or --port 0 for any free port.\n`,
    );
  });

  it('refuses an option the command does not take, naming it and the command’s help', async () => {
    const env = bareEnv(tmp.path);
    const data = tmp.file('data');
    const cases: Array<[string[], string]> = [
      [['fulfillments', '--item', 'x'], 'fulfillments does not take --item'],
      [['restore', tmp.file('some.sqlite'), '--force'], 'restore does not take --force'],
      [['backup', tmp.file('copy.sqlite'), '--json'], 'backup does not take --json'],
      [['link', 'cancel', '3', '--email', 'a@example.com'], 'link cancel does not take --email'],
    ];
    for (const [args, sentence] of cases) {
      const run = await runCli(['--data-dir', data, ...args], { env });
      expect(run.code, args.join(' ')).toBe(2);
      const topic = sentence.split(' does not')[0] ?? '';
      expect(run.stderr).toBe(
        `checkout-console: ${sentence}. Run \`checkout-console ${topic} --help\` to see its options.\n`,
      );
    }
  });

  it('says export --json goes with --out, which its help says too', async () => {
    const env = bareEnv(tmp.path);
    const run = await runCli(
      ['--data-dir', tmp.file('data'), 'export', '--what', 'links', '--json'],
      {
        env,
      },
    );
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/export --json goes with --out FILE/);
    const help = await runCli(['help', 'export'], { env });
    expect(help.stdout).toMatch(/--json +With --out:/);
  });
});

describe('checkout-console failures in CLI words (exit 1)', () => {
  it('says what to do with a damaged sandbox --state file, in the command’s words', async () => {
    const bad = tmp.file('bad-state.json');
    writeFileSync(bad, 'junk');
    const run = await runCli(['--data-dir', tmp.path, 'sandbox', '--state', bad], {
      env: bareEnv(tmp.path),
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`The sandbox state file ${bad} is damaged.`);
    expect(run.stderr).toMatch(
      /Delete it .*or give `checkout-console sandbox --state` another file\./,
    );
    expect(run.stderr).not.toMatch(/demo/);
  });
});
