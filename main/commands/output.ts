// How the CLI talks: results to stdout, errors to stderr, exit codes that scripts can rely on.
import { ConsoleError, INTERNAL_MESSAGE } from '../errors';
import { fileProblem } from '../paths';
import type { Envelope } from '../../preload/contract';
import { readKey } from './secret-prompt';

export class UsageError extends Error {}

const unexpected = (code?: string) =>
  `The command failed unexpectedly${code ? ` (${code})` : ''}. Run it again; if it fails ` +
  'again, `checkout-console doctor` prints a report to share.';

export interface Io {
  out(line: string): void;
  err(line: string): void;
  readStdin(): Promise<string>;
}

// A reader that stops reading (`checkout-console fulfillments | head -3`) makes the next write
// fail with EPIPE, an 'error' event that would end the process with a stack trace. Once a
// stream failed nothing more is written to it, and a closed stdout ends the command quietly.
const gone = { stdout: false, stderr: false };
const onStdoutGone = new Set<() => void>();
let guarded = false;

/** Installs the EPIPE guard on stdout and stderr (once); `then` runs when stdout closes. */
export function guardStdio(then: () => void): () => void {
  if (!guarded) {
    guarded = true;
    process.stdout.on('error', () => {
      gone.stdout = true;
      for (const fn of onStdoutGone) fn();
    });
    process.stderr.on('error', () => (gone.stderr = true));
  }
  if (gone.stdout) then();
  onStdoutGone.add(then);
  return () => onStdoutGone.delete(then);
}

export const processIo: Io = {
  out: (line) => void (gone.stdout || process.stdout.write(`${line}\n`)),
  err: (line) => void (gone.stderr || process.stderr.write(`${line}\n`)),
  readStdin: () => readKey(process.stdin, process.stderr),
};

/** "2026-11-29 23:07 +01:00" in the local time zone (TZ), or "2026-11-29 22:07 UTC". */
export function formatTime(iso: string, utc = false): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const offset = utc ? 0 : -date.getTimezoneOffset();
  const shifted = new Date(date.getTime() + offset * 60_000).toISOString();
  const local = shifted.slice(0, 16).replace('T', ' ');
  if (utc) return `${local} UTC`;
  const sign = offset < 0 ? '-' : '+';
  const hours = String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0');
  const minutes = String(Math.abs(offset) % 60).padStart(2, '0');
  return `${local} ${sign}${hours}:${minutes}`;
}

/** Turns a contract envelope into its value, or a ConsoleError worded for a terminal. */
export function valueOf<T>(envelope: Envelope<T>): T {
  if (envelope.ok) return envelope.value;
  const { code, fields } = envelope.error;
  const message =
    envelope.error.message === INTERNAL_MESSAGE ? unexpected() : envelope.error.message;
  const detail = fields
    ? Object.entries(fields)
        .filter(([, m]) => m !== message)
        .map(([f, m]) => `\n  ${f}: ${m}`)
        .join('')
    : '';
  throw new ConsoleError(code, `${message}${detail}`);
}

/**
 * The sentence for a failure: a ConsoleError's own message; for anything else (a plain Error
 * from the sandbox, a Node error), words in place of Node's text and syscall names.
 */
export function failureMessage(e: unknown): string {
  if (e instanceof ConsoleError) return e.message;
  const errno = e as NodeJS.ErrnoException & { port?: number };
  if (errno?.code === 'EADDRINUSE') {
    const port = errno.port === undefined ? 'The port' : `Port ${errno.port}`;
    return `${port} is already in use. Pass another --port, or --port 0 for any free port.`;
  }
  if (errno?.code && errno.path)
    return `Cannot use ${errno.path}: ${fileProblem(e)}. Choose another file or folder.`;
  if (e instanceof Error && !errno.code) return e.message;
  return unexpected(errno?.code);
}

export function table(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) =>
    r
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd(),
  );
}
