// What the delivery commands read besides flags: a secret (a forward rule's signing secret, the
// SMTP password) typed without echo or piped in, a file of licence keys on stdin, and the
// terminal's width for the jobs table.
import { forwardSecretInEnv, smtpPasswordInEnv } from '../delivery';
import { ConsoleError } from '../errors';
import { KEY_PROMPT, type KeyInput, type KeyOutput, readKey } from './secret-prompt';
import { UsageError } from './output';

export interface Terminal {
  stdin: KeyInput;
  /** Where prompts go (never stdout, which a script may be reading). */
  stderr: KeyOutput;
  /** Columns to cut long cells to; undefined when stdout is not a terminal and COLUMNS is unset. */
  columns: number | undefined;
  /** CHECKOUT_CONSOLE_FORWARD_SECRET is set: forward rules sign with it, none is read. */
  forwardSecretInEnv?: boolean;
  /** CHECKOUT_CONSOLE_SMTP_PASSWORD is set: the mail server logs in with it, none is read. */
  smtpPasswordInEnv?: boolean;
}

export function processTerminal(env: NodeJS.ProcessEnv): Terminal {
  const fromEnv = Number(env.COLUMNS);
  return {
    stdin: process.stdin,
    stderr: process.stderr,
    columns:
      process.stdout.columns ?? (Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : undefined),
    forwardSecretInEnv: forwardSecretInEnv(env),
    smtpPasswordInEnv: smtpPasswordInEnv(env),
  };
}

/**
 * A secret from a pipe, or typed without echo after `prompt`. login's reader prompts for an API
 * key, so its prompt is swapped for ours on the way out. Only the line ending is dropped: a
 * password may start or end with a space.
 */
export async function readSecret(terminal: Terminal, prompt: string): Promise<string> {
  const output = {
    write: (text: string) => terminal.stderr.write(text === KEY_PROMPT ? prompt : text),
  };
  return (await readKey(terminal.stdin, output)).replace(/\r?\n$/, '');
}

/** Enough for 100,000 keys of 200 characters; a bigger stdin is most likely the wrong file. */
export const MAX_KEYS_BYTES = 20 * 1024 * 1024;

/** All of stdin as text, refusing a terminal (keys are pasted from a file) and a huge input. */
export async function readKeysFile(
  terminal: Terminal,
  product: string,
  maxBytes = MAX_KEYS_BYTES,
): Promise<string> {
  const example = `checkout-console keys add ${product} < keys.txt`;
  if (terminal.stdin.isTTY) {
    throw new UsageError(`keys add reads the keys from a file, one per line: ${example}`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of terminal.stdin) {
    const bytes = Buffer.from(chunk as Buffer);
    size += bytes.length;
    // Leaving the loop destroys the stream: the rest is never read into memory.
    if (size > maxBytes) {
      throw new ConsoleError(
        'invalid_input',
        `Standard input is over ${Math.round(maxBytes / 1024 / 1024)} MB, more than a file of licence keys should be. Split it, or check it is the right file: ${example}`,
      );
    }
    chunks.push(bytes);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Non-blank lines with their 1-based line numbers, so a refused key can be pointed at. */
export function keyLines(text: string): Array<{ line: number; key: string }> {
  return text
    .split(/\r?\n/)
    .map((raw, i) => ({ line: i + 1, key: raw.trim() }))
    .filter(({ key }) => key !== '');
}

/** `text` cut to `width` with an ellipsis; whole when width is unknown. */
export function cut(text: string, width: number | undefined): string {
  if (width === undefined || text.length <= width) return text;
  return width <= 1 ? '…' : `${text.slice(0, width - 1)}…`;
}
