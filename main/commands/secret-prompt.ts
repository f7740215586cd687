// Reading the secret API key for `login`. From a pipe it is all of stdin; on a terminal the
// key must not appear on screen (or in a scroll-back or a screen recording), so the terminal's
// echo is turned off by raw mode and put back however the prompt ends.
import { Stopped } from './signals';

/** process.stdin as far as the prompt needs it; tests pass a fake terminal. */
export interface KeyInput extends NodeJS.ReadableStream {
  isTTY?: boolean;
  setRawMode?(raw: boolean): unknown;
}

export interface KeyOutput {
  write(text: string): unknown;
}

export const KEY_PROMPT = 'Paste your secret API key (it is not shown) and press Enter: ';

const ENTER = new Set(['\r', '\n', '\u0004']); // Ctrl+D ends the line too, as it did before
const CTRL_C = '\u0003';
const ERASE = new Set(['\u007f', '\b']);

async function readAll(input: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The key from a terminal without echo, or from a pipe. In raw mode Ctrl+C is a keystroke, not a
 * signal: it puts the terminal back and rejects with Stopped, so the command ends as on SIGINT.
 */
export function readKey(input: KeyInput, output: KeyOutput): Promise<string> {
  const setRawMode = input.setRawMode?.bind(input);
  if (!input.isTTY || !setRawMode) return readAll(input);
  // Echo off before the prompt shows: anything typed after it must not be echoed.
  setRawMode(true);
  output.write(KEY_PROMPT);
  return new Promise((resolve, reject) => {
    let key = '';
    const finish = () => {
      input.off('data', onData);
      input.off('end', onEnd);
      setRawMode(false);
      input.pause();
      output.write('\n');
    };
    const onEnd = () => {
      finish();
      resolve(key);
    };
    const onData = (chunk: Buffer | string) => {
      for (const ch of chunk.toString()) {
        if (ENTER.has(ch)) return onEnd();
        if (ch === CTRL_C) {
          finish();
          return reject(new Stopped('SIGINT'));
        }
        if (ERASE.has(ch)) key = key.slice(0, -1);
        else if (ch >= ' ') key += ch;
      }
    };
    input.on('data', onData);
    input.on('end', onEnd);
    input.resume();
  });
}
