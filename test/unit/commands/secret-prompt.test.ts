// `login` on a terminal: the secret key never reaches the screen, and the terminal is put back.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { KEY_PROMPT, readKey } from '../../../main/commands/secret-prompt';
import { Stopped } from '../../../main/commands/signals';

/** A terminal as readKey sees it: raw-mode switches are recorded, not performed. */
function fakeTerminal() {
  const input = Object.assign(new PassThrough(), {
    isTTY: true,
    rawModes: [] as boolean[],
    setRawMode(raw: boolean) {
      input.rawModes.push(raw);
      return input;
    },
  });
  let shown = '';
  const output = { write: (text: string) => (shown += text) };
  return { input, output, shown: () => shown };
}

describe('readKey', () => {
  it('reads the key typed on a terminal in raw mode, showing the prompt but none of the key', async () => {
    const { input, output, shown } = fakeTerminal();
    const key = readKey(input, output);
    input.write('sk_live_');
    input.write('Secret123\r');
    expect(await key).toBe('sk_live_Secret123');
    expect(shown()).toBe(`${KEY_PROMPT}\n`);
    expect(input.rawModes).toEqual([true, false]);
  });

  it('lets backspace correct the key and ends on Ctrl+D as well as Enter', async () => {
    const { input, output } = fakeTerminal();
    const key = readKey(input, output);
    input.write('sk_test_abX\u007fc\u0004');
    expect(await key).toBe('sk_test_abc');
    expect(input.rawModes).toEqual([true, false]);
  });

  it('puts the terminal back on Ctrl+C and stops like SIGINT', async () => {
    const { input, output, shown } = fakeTerminal();
    const key = readKey(input, output);
    input.write('sk_live_half\u0003');
    await expect(key).rejects.toEqual(new Stopped('SIGINT'));
    expect(input.rawModes).toEqual([true, false]);
    expect(shown()).not.toMatch(/sk_live|half/);
  });

  it('reads the whole of a pipe, with no prompt and no raw mode', async () => {
    const input = new PassThrough();
    let shown = '';
    const key = readKey(input, { write: (t: string) => (shown += t) });
    input.end('sk_live_piped\n');
    expect(await key).toBe('sk_live_piped\n');
    expect(shown).toBe('');
  });
});
