// The README cannot drift from the product: its shell blocks run as printed, in order, from a
// fresh data folder, as real processes with the real keychain (a throwaway gnome-keyring).
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { COMMAND_HELP } from '../../../main/commands/help';
import { readmeLines, treatmentOf } from '../../support/readme-commands';
import { startKeyringSession, type KeyringSession } from '../../support/readme-keyring';
import { runReadme, type Step } from '../../support/readme-run';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir('checkout-console-readme-');
let keyring: KeyringSession | undefined;
const cleanups: Array<() => void> = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0)) fn();
  await keyring?.close();
  keyring = undefined;
});

/** Listens on 127.0.0.1:`port` if it is free; already taken (another sandbox) serves as well. */
function holdPort(port: number): Promise<{ close(): void }> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (e: NodeJS.ErrnoException) =>
      e.code === 'EADDRINUSE' ? resolve({ close() {} }) : reject(e),
    );
    server.listen(port, '127.0.0.1', () => resolve({ close: () => server.close() }));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const readme = readFileSync('README.md', 'utf8');

function describeStep(s: Step): string {
  const where = `README.md:${s.line.at} (${s.line.section}) \`${s.line.command}\``;
  if (!s.failure) return where;
  return [where, `  ${s.failure}`, `  stdout: ${s.stdout ?? ''}`, `  stderr: ${s.stderr ?? ''}`]
    .join('\n')
    .slice(0, 4000);
}

describe('the README reader', () => {
  const sample = [
    '## One',
    '```sh',
    "npx checkout-console link create --email 'a#b@example.com' \\",
    '  --item prod_1   # a comment',
    'npx checkout-console listen --tunnel   # needs a tunnel',
    'rm -rf ~/x',
    '```',
  ].join('\n');

  it('joins continued lines and keeps a # inside quotes as part of the command', () => {
    const [first] = readmeLines(sample);
    expect(first?.command).toBe(
      "npx checkout-console link create --email 'a#b@example.com' --item prod_1",
    );
    expect(first?.comment).toBe('a comment');
  });

  it('skips a line marked with what it needs and refuses a command it does not know', () => {
    const kinds = readmeLines(sample).map((l) => treatmentOf(l).kind);
    expect(kinds).toEqual(['run', 'skip', 'unknown']);
  });
});

describe('the README runner', { timeout: 120_000 }, () => {
  const block = (title: string, ...commands: string[]) => [title, '```sh', ...commands, '```'];
  const sandbox = 'npx checkout-console sandbox --port 0';
  const stopSandbox = '# Ctrl+C in the terminal running `sandbox`: the next one needs it stopped';

  function run(markdown: string[]) {
    const home = tmp.file(`runner-${Math.random().toString(36).slice(2)}`);
    mkdirSync(home);
    return runReadme(readmeLines(markdown.join('\n')), {
      cwd: home,
      env: { PATH: process.env.PATH, HOME: home, CHECKOUT_CONSOLE_DATA_DIR: `${home}/data` },
    });
  }

  it('leaves a long-running command running across sections until the README says to stop it', async () => {
    const steps = await run([...block('## One', sandbox), ...block('## Two', `${sandbox} --json`)]);
    expect(steps[1]?.failure).toMatch(
      /starts `sandbox` while the one from README\.md:3 still runs; the README must say to stop it first/,
    );
  });

  it('presses Ctrl+C where the README says so, and the command stops with "Stopped."', async () => {
    const steps = await run([
      ...block('## One', sandbox),
      ...block('## Two', stopSandbox, `${sandbox} --json`),
    ]);
    expect(steps.map((s) => s.failure).filter(Boolean)).toEqual([]);
    expect(steps.map((s) => s.treatment.kind)).toEqual(['background', 'stop', 'background']);
    expect(steps[0]?.code).toBe(0);
    expect(steps[0]?.stderr).toContain('Stopped.');
  });

  it('fails a Ctrl+C line when nothing by that name is running', async () => {
    const steps = await run(block('## One', stopSandbox));
    expect(steps[0]?.failure).toBe('says to stop `sandbox`, but no `sandbox` is running');
  });
});

describe('README.md', () => {
  it('has only commands the README test knows how to run or why to skip', () => {
    const unknown = readmeLines(readme).filter((l) => treatmentOf(l).kind === 'unknown');
    expect(unknown.map((l) => `README.md:${l.at} ${l.command}`)).toEqual([]);
  });

  it('shows every command the CLI has in a block the test runs', () => {
    const shown = new Set(
      readmeLines(readme)
        .filter((l) => treatmentOf(l).kind !== 'skip')
        .map((l) => l.command.replace(/^.*?npx checkout-console (--\S+ )*/, '')),
    );
    const missing = Object.keys(COMMAND_HELP).filter(
      (cmd) => ![...shown].some((c) => c === cmd || c.startsWith(`${cmd} `)),
    );
    expect(missing).toEqual([]);
  });

  it('links only to files inside the repository', () => {
    const targets = [...readme.matchAll(/\]\(([^)]+)\)/g)].map((m) => m[1] ?? '');
    const local = targets.filter((t) => !/^https?:\/\//.test(t));
    expect(local.filter((t) => t.startsWith('..'))).toEqual([]);
    for (const target of local) {
      const file = target.split('#')[0] ?? '';
      if (file !== '') expect(() => readFileSync(file), target).not.toThrow();
    }
  });

  it('runs its commands as printed (port 4010 replaced by a free one the test picks), in order, from a fresh data folder, even while a reader’s sandbox holds 4010', async () => {
    const home = tmp.file('home');
    const work = tmp.file('work');
    mkdirSync(home);
    mkdirSync(work);
    keyring = await startKeyringSession(home);
    // The README tells its reader to leave a sandbox running on 4010; the test must pass beside it.
    const reader = await holdPort(4010);
    cleanups.push(() => reader.close());
    const steps = await runReadme(readmeLines(readme), {
      sandboxPort: await freePort(),
      cwd: work,
      env: {
        PATH: process.env.PATH,
        HOME: home,
        CHECKOUT_CONSOLE_DATA_DIR: tmp.file('data'),
        DBUS_SESSION_BUS_ADDRESS: keyring.address,
      },
      // The README says `listen` prints one line per sale: the link paid through the sandbox.
      expectBeforeStop: { listen: /sale .*jane@example\.com/ },
    });
    // Said out loud, so a reader of the test log knows which README lines no run proves.
    const skipped = readmeLines(readme).flatMap((l) => {
      const t = treatmentOf(l);
      return t.kind === 'skip' ? [`  README.md:${l.at} ${l.command} — ${t.reason}`] : [];
    });
    console.info(`README lines not executed:\n${skipped.join('\n')}`);
    const failed = steps.filter((s) => s.failure);
    expect(failed.map(describeStep)).toEqual([]);
    const executed = steps.filter((s) => s.executed);
    expect(executed.length).toBeGreaterThan(10);
    // The sale paid through the sandbox is in the ledger at the end (after backup and restore).
    const ledger = executed.filter((s) => /checkout-console fulfillments$/.test(s.line.command));
    expect(ledger.at(-1)?.stdout).toMatch(/jane@example\.com/);
  }, 600_000);
});
