// The delivery commands' flags read into the contract's inputs, and stdin read for keys, before
// any console is opened (the process tests in test/integration/cli/delivery*.test.ts run them).
import { PassThrough } from 'node:stream';
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { actionFromFlags } from '../../../main/commands/delivery-rules';
import {
  cut,
  keyLines,
  readKeysFile,
  readSecret,
  type Terminal,
} from '../../../main/commands/delivery-input';
import { wholeNumber } from '../../../main/commands/whole-number';
import { UsageError } from '../../../main/commands/output';
import { useTempDir } from '../../support/temp-dir';

const tmp = useTempDir();

function pipeWith(text: string, isTTY = false): Terminal {
  const stdin = Object.assign(new PassThrough(), { isTTY });
  stdin.end(text);
  return { stdin, stderr: { write: () => true }, columns: undefined };
}

describe('rule flags', () => {
  it('builds an email action from --subject and the body file', async () => {
    const body = tmp.file('body.txt');
    writeFileSync(body, 'Hi {firstName}, your key: {licenceKey}\n');
    await expect(
      actionFromFlags({ email: true, subject: 'Your ebook', 'body-file': body }),
    ).resolves.toEqual({
      kind: 'email',
      subject: 'Your ebook',
      body: 'Hi {firstName}, your key: {licenceKey}\n',
      downloadUrl: null,
    });
  });

  it('changes only the subject of an email rule when editing with --subject', async () => {
    const current = {
      kind: 'email',
      subject: 'Old',
      body: 'Body',
      downloadUrl: 'https://dl.example/x',
    } as const;
    await expect(actionFromFlags({ subject: 'New' }, current)).resolves.toEqual({
      ...current,
      subject: 'New',
    });
    await expect(actionFromFlags({ 'download-url': '' }, current)).resolves.toMatchObject({
      downloadUrl: null,
    });
    await expect(actionFromFlags({ name: 'x' }, current)).resolves.toBeUndefined();
  });

  it('keeps a command’s timeout unless --timeout changes it', async () => {
    const current = { kind: 'command', command: './deliver.sh', timeoutSeconds: 90 } as const;
    await expect(actionFromFlags({ command: './other.sh' }, current)).resolves.toEqual({
      kind: 'command',
      command: './other.sh',
      timeoutSeconds: 90,
    });
    await expect(actionFromFlags({ command: './x' })).resolves.toEqual({
      kind: 'command',
      command: './x',
    });
  });

  it('refuses two actions, a flag of another action, an email without its text and an unreadable body', async () => {
    await expect(actionFromFlags({ email: true, forward: 'https://x.example' })).rejects.toThrow(
      /one of --email, --forward URL or --command CMD/,
    );
    await expect(actionFromFlags({ forward: 'https://x.example', subject: 'S' })).rejects.toThrow(
      '--subject goes with --email.',
    );
    await expect(actionFromFlags({ email: true, subject: 'S' })).rejects.toThrow(
      /needs --subject S and --body-file F/,
    );
    const missing = actionFromFlags({
      email: true,
      subject: 'S',
      'body-file': tmp.file('none.txt'),
    });
    await expect(missing).rejects.toBeInstanceOf(UsageError);
    await expect(missing).rejects.toThrow(/--body-file .*none\.txt: cannot read it/);
  });

  it('refuses --timeout that is not a whole number', async () => {
    await expect(actionFromFlags({ command: 'x', timeout: '1.5' })).rejects.toThrow(
      '--timeout needs a whole number from 1, not "1.5".',
    );
    expect(() => wholeNumber('--offset', '0', 0)).not.toThrow();
  });
});

describe('stdin for delivery commands', () => {
  it('reads keys one per line, skipping blanks and keeping line numbers', async () => {
    const text = await readKeysFile(pipeWith('AAA-1\r\n\n  BBB-2  \n\n'), 'EBOOK');
    expect(keyLines(text)).toEqual([
      { line: 1, key: 'AAA-1' },
      { line: 3, key: 'BBB-2' },
    ]);
  });

  it('refuses a terminal with the command to run instead, and an input past the bound', async () => {
    await expect(readKeysFile(pipeWith('', true), 'EBOOK')).rejects.toThrow(
      'keys add reads the keys from a file, one per line: checkout-console keys add EBOOK < keys.txt',
    );
    await expect(readKeysFile(pipeWith('x'.repeat(2048)), 'EBOOK', 1024)).rejects.toThrow(
      /more than a file of licence keys should be/,
    );
  });

  it('reads a piped secret without its line ending but with its spaces', async () => {
    await expect(readSecret(pipeWith(' pass word \n'), 'prompt')).resolves.toBe(' pass word ');
  });

  it('prompts on a terminal with its own words, not login’s, and shows none of the secret', async () => {
    const stdin = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => stdin });
    let shown = '';
    const terminal = { stdin, stderr: { write: (t: string) => (shown += t) }, columns: undefined };
    const secret = readSecret(terminal, 'Type the mail server password: ');
    stdin.write('hunter2-password\r');
    await expect(secret).resolves.toBe('hunter2-password');
    expect(shown).toBe('Type the mail server password: \n');
  });

  it('cuts a line to the width with an ellipsis, and not at all when the width is unknown', () => {
    expect(cut('abcdef', 4)).toBe('abc…');
    expect(cut('abcdef', undefined)).toBe('abcdef');
    expect(cut('abc', 10)).toBe('abc');
  });
});
