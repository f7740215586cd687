import type { ErrorCode, ErrorPayload } from '../preload/contract';

// The codes are part of the contract (preload/contract-errors.ts): the page reads them too.
export type { ErrorCode };

export class ConsoleError extends Error {
  readonly code: ErrorCode;
  readonly fields?: Record<string, string>;
  readonly status?: number;

  constructor(
    code: ErrorCode,
    message: string,
    extra: { fields?: Record<string, string>; status?: number; cause?: unknown } = {},
  ) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.name = 'ConsoleError';
    this.code = code;
    if (extra.fields) this.fields = extra.fields;
    if (extra.status !== undefined) this.status = extra.status;
  }

  toPayload(): ErrorPayload {
    return this.fields
      ? { code: this.code, message: this.message, fields: this.fields }
      : { code: this.code, message: this.message };
  }
}

export function isConsoleError(e: unknown): e is ConsoleError {
  return e instanceof ConsoleError;
}

/** The app's words for an unexpected failure; the CLI says its own (main/commands/output.ts). */
export const INTERNAL_MESSAGE =
  'Something went wrong inside the console. Try again; if it persists, restart the app.';

/** Anything thrown becomes a payload; unknown errors never leak their internals. */
export function toErrorPayload(e: unknown): ErrorPayload {
  if (e instanceof ConsoleError) return e.toPayload();
  return { code: 'internal', message: INTERNAL_MESSAGE };
}
