import type { ErrorPayload } from '../preload/contract';

/** Error codes that cross the boundary. The message always says what to do next. */
export type ErrorCode =
  | 'invalid_input'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'gone'
  | 'rate_limited'
  | 'offline'
  | 'timeout'
  | 'server_error'
  | 'bad_response'
  | 'no_account'
  | 'keychain_unavailable'
  | 'keychain_timeout'
  | 'internal';

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
