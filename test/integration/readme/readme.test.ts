// The README cannot drift from the product: its shell blocks run as printed, in order, from a
// fresh data folder, as real processes with the real keychain (a throwaway gnome-keyring).
import { mkdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { COMMAND_HELP } from '../../../main/commands/help';
import { readmeLines, treatmentOf } from '../../support/readme-commands';
import { startKeyringSession, type KeyringSession } from '../../support/readme-keyring';
import { runReadme, type Step } from '../../support/readme-run';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir('checkout-console-readme-');
let keyring: KeyringSession | undefined;
afterEach(async () => {
  await keyring?.close();
  keyring = undefined;
});

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

  it('runs its commands as printed, in order, from a fresh data folder', async () => {
    const home = tmp.file('home');
    const work = tmp.file('work');
    mkdirSync(home);
    mkdirSync(work);
    keyring = await startKeyringSession(home);
    const steps = await runReadme(readmeLines(readme), {
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
