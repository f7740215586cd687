// How a failure crosses the boundary, without zod: the page reads a thrown payload with
// readErrorPayload, so its first bundle need not hold a schema library (issue 16, first paint).
// contract-errors.ts builds main's schema from the same codes and re-exports these.

/** Error codes that cross the boundary. The message always says what to do next. */
export const errorCodes = [
  'invalid_input',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'gone',
  'rate_limited',
  'offline',
  'timeout',
  'server_error',
  'bad_response',
  'no_account',
  'keychain_unavailable',
  'keychain_timeout',
  'internal',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

/** How every error crosses the boundary. `fields` maps input paths to messages. */
export interface ErrorPayload {
  code: ErrorCode;
  message: string;
  fields?: Record<string, string>;
}

function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (errorCodes as readonly string[]).includes(value);
}

function isStringRecord(value: unknown): value is Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return Object.values(value).every((v) => typeof v === 'string');
}

/**
 * The payload in `value` (code, message and fields only), or null when it is not one: the same
 * verdict as errorPayloadSchema.safeParse, which test/unit/renderer/error-payload-reader.test.ts holds.
 */
export function readErrorPayload(value: unknown): ErrorPayload | null {
  if (typeof value !== 'object' || value === null) return null;
  const { code, message, fields } = value as Record<string, unknown>;
  if (!isErrorCode(code) || typeof message !== 'string') return null;
  if (fields === undefined) return { code, message };
  return isStringRecord(fields) ? { code, message, fields } : null;
}
