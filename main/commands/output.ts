// How the CLI talks: results to stdout, errors to stderr, exit codes that scripts can rely on.
import { ConsoleError } from '../errors';
import type { Envelope } from '../../preload/contract';
import { readKey } from './secret-prompt';

export class UsageError extends Error {}

export interface Io {
  out(line: string): void;
  err(line: string): void;
  readStdin(): Promise<string>;
}

export const processIo: Io = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  readStdin: () => readKey(process.stdin, process.stderr),
};

/** Turns a contract envelope into a value or a thrown ConsoleError-like failure. */
export function valueOf<T>(envelope: Envelope<unknown>): T {
  if (envelope.ok) return envelope.value as T;
  const { code, message, fields } = envelope.error;
  const detail = fields
    ? Object.entries(fields)
        .filter(([, m]) => m !== message)
        .map(([f, m]) => `\n  ${f}: ${m}`)
        .join('')
    : '';
  throw new ConsoleError(code as ConsoleError['code'], `${message}${detail}`);
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
