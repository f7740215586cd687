// `checkout-console rules` and `rule add|edit|remove|enable|disable` as real processes against
// the sandbox, with the real keychain under a throwaway D-Bus session holding forward secrets.
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { DeliveryRule } from '../../../preload/contract-delivery';
import { useCleanups } from '../../support/cleanups';
import { bareEnv, runCli } from '../../support/run-process';
import { startSandboxCli } from '../../support/sandbox-cli';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir();
const cleanups = useCleanups();

const SECRET = 'whsec-forward-0123456789abcdef';

async function setUp() {
  const { cli } = await startSandboxCli(tmp, cleanups);
  const body = tmp.file('body.txt');
  writeFileSync(body, 'Hi {firstName},\n\nYour key: {licenceKey}\n');
  return { cli, body };
}

const rulesOf = (stdout: string) => JSON.parse(stdout) as DeliveryRule[];

describe('checkout-console rule', { timeout: 180_000 }, () => {
  it('adds an email, a forward and a command rule, lists them, and never prints the secret', async () => {
    const { cli, body } = await setUp();
    expect((await cli(['rules'])).stdout).toContain('No delivery rules yet');

    const email = await cli([
      'rule',
      'add',
      '--name',
      'Ebook email',
      '--product',
      'EBOOK',
      '--keys',
      '--email',
      '--subject',
      'Your ebook',
      '--body-file',
      body,
    ]);
    expect(email.stderr).toBe('');
    expect(email.stdout).toBe(
      "Added rule 1 'Ebook email' (on): EBOOK → email to customer, with licence keys.\n",
    );
    const forward = await cli(
      ['rule', 'add', '--name', 'Shop', '--forward', 'https://shop.example/hooks/sale'],
      `${SECRET}\n`,
    );
    expect(forward.code).toBe(0);
    expect(forward.stdout).toContain('every sale → forward to shop.example');
    const command = await cli([
      'rule',
      'add',
      '--name',
      'Script',
      '--command',
      'cat >/dev/null',
      '--timeout',
      '5',
      '--json',
    ]);
    expect(command.code).toBe(0);
    expect(JSON.parse(command.stdout)).toMatchObject({
      name: 'Script',
      action: { kind: 'command', command: 'cat >/dev/null', timeoutSeconds: 5 },
    });

    const table = (await cli(['rules'])).stdout.split('\n');
    expect(table[0]).toMatch(/^ID\s+ON\/OFF\s+NAME\s+PRODUCT\s+ACTION\s+KEYS$/);
    expect(table[1]).toMatch(/^1\s+on\s+Ebook email\s+EBOOK\s+email to customer\s+yes$/);
    expect(table[2]).toMatch(/^2\s+on\s+Shop\s+every sale\s+forward to shop\.example\s+no$/);
    expect(table[3]).toMatch(/^3\s+on\s+Script\s+every sale\s+command\s+no$/);
    const json = await cli(['rules', '--json']);
    expect(rulesOf(json.stdout).map((r) => r.hasSecret)).toEqual([false, true, false]);
    expect(json.stdout).not.toContain(SECRET);
  });

  it('edits only what is given, turns a rule off and on, and removes it', async () => {
    const { cli, body } = await setUp();
    const add = [
      'rule',
      'add',
      '--name',
      'Ebook',
      '--email',
      '--subject',
      'Old',
      '--body-file',
      body,
      '--keys',
    ];
    expect((await cli(add)).code).toBe(0);

    const edited = await cli(['rule', 'edit', '1', '--subject', 'New subject', '--json']);
    expect(edited.code).toBe(0);
    expect(JSON.parse(edited.stdout)).toMatchObject({
      action: {
        kind: 'email',
        subject: 'New subject',
        body: 'Hi {firstName},\n\nYour key: {licenceKey}',
      },
      useLicenceKeys: true,
    });
    expect((await cli(['rule', 'disable', '1'])).stdout).toContain("Rule 1 'Ebook' (off)");
    expect((await cli(['rules'])).stdout).toMatch(/^1\s+off\s+Ebook/m);
    expect((await cli(['rule', 'enable', '1'])).stdout).toContain("Rule 1 'Ebook' (on)");

    const toForward = await cli(
      ['rule', 'edit', '1', '--forward', 'https://shop.example/x'],
      SECRET,
    );
    expect(toForward.code).toBe(0);
    expect(rulesOf((await cli(['rules', '--json'])).stdout)[0]).toMatchObject({
      action: { kind: 'forward', url: 'https://shop.example/x' },
      hasSecret: true,
    });

    expect((await cli(['rule', 'remove', '1'])).code).toBe(0);
    const again = await cli(['rule', 'remove', '1']);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('No rule 1; `checkout-console rules` lists them.');
    expect((await cli(['rule', 'enable', '7'])).stderr).toContain('No rule 7');
  });

  it('names the flag the contract refused, with exit 2', async () => {
    const { cli } = await setUp();
    const slip = tmp.file('slip.txt');
    writeFileSync(slip, 'Your key: {Licence_key}\n');
    const placeholder = await cli([
      'rule',
      'add',
      '--name',
      'Keys',
      '--keys',
      '--email',
      '--subject',
      'Key',
      '--body-file',
      slip,
    ]);
    expect(placeholder.code).toBe(2);
    expect(placeholder.stderr).toContain(
      '--body-file: {Licence_key} is not a placeholder; did you mean {licenceKey}?',
    );
    const url = await cli(
      ['rule', 'add', '--name', 'Shop', '--forward', 'ftp://shop.example'],
      SECRET,
    );
    expect(url.code).toBe(2);
    expect(url.stderr).toContain('--forward: Use the http(s) address of your endpoint.');
    const short = await cli(
      ['rule', 'add', '--name', 'Shop', '--forward', 'https://shop.example'],
      'short',
    );
    expect(short.code).toBe(2);
    expect(short.stderr).toContain(
      'the signing secret (standard input): Use a secret of at least 16 characters.',
    );
    const timeout = await cli([
      'rule',
      'add',
      '--name',
      'Slow',
      '--command',
      'true',
      '--timeout',
      '3600',
    ]);
    expect(timeout.code).toBe(2);
    expect(timeout.stderr).toContain('--timeout: use a whole number of seconds from 1 to 600.');
    expect((await cli(['rules', '--json'])).stdout).toBe('[]\n');
  });
});

describe('checkout-console rule, mistakes caught before any account is needed', () => {
  const cli = (args: string[], input = '') =>
    runCli(['--data-dir', tmp.path, ...args], { env: bareEnv(tmp.path), input });

  it('refuses a rule without a name or an action, two actions, and a forward without a secret', async () => {
    const noName = await cli(['rule', 'add', '--command', 'true']);
    expect(noName).toMatchObject({ code: 2 });
    expect(noName.stderr).toContain('rule add needs --name N.');
    const noAction = await cli(['rule', 'add', '--name', 'X']);
    expect(noAction.stderr).toContain('rule add needs --email, --forward URL or --command CMD.');
    const two = await cli(['rule', 'add', '--name', 'X', '--email', '--command', 'true']);
    expect(two.stderr).toContain('A rule does one thing');
    const noSecret = await cli(['rule', 'add', '--name', 'X', '--forward', 'https://shop.example']);
    expect(noSecret.code).toBe(2);
    expect(noSecret.stderr).toContain('signs each request with a secret read from standard input');
  });

  it('takes --email as a switch for rule add but still as an address for link create', async () => {
    const stray = await cli(['rule', 'add', '--name', 'X', '--email', 'a@example.com']);
    expect(stray.code).toBe(2);
    expect(stray.stderr).toContain('Unexpected argument "a@example.com"');
    const link = await cli(['link', 'create', '--email', '--item', 'X']);
    expect(link.stderr).toContain('--email needs a value');
  });

  it('refuses an option of another command and a rule id that is not a number', async () => {
    const foreign = await cli(['rules', '--host', 'x']);
    expect(foreign.stderr).toContain('rules does not take --host.');
    const id = await cli(['rule', 'enable', 'abc']);
    expect(id.code).toBe(2);
    expect(id.stderr).toContain('rule enable needs a whole number from 1, not "abc".');
  });
});
