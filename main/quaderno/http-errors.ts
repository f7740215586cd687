// Maps what went wrong talking to Quaderno onto ConsoleError values whose message tells the
// merchant what to do next (docs/quaderno-api.md › Errors). The API key never appears here.
import { ConsoleError } from '../errors';

export interface CallContext {
  method: string;
  /** The endpoint as a merchant-safe label, e.g. 'GET checkout/sessions/12'. */
  endpoint: string;
  /** What the call is about, for messages: 'checkout session 12'. */
  what: string;
  origin: string;
  /** Overrides the 404 message, e.g. when a 404 means the account address is wrong. */
  notFound?: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * How deep an error body is read. Real ones nest two or three levels (`customer.email`); each
 * level costs a stack frame, and a body nested 10,000 deep (50 KB) overflowed the stack, so the
 * call failed with a RangeError instead of saying what Quaderno refused.
 */
const MAX_ERROR_DEPTH = 32;

function textOf(value: unknown, depth = 0): string | null {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    if (depth >= MAX_ERROR_DEPTH) return null;
    const parts = value
      .map((inner) => textOf(inner, depth + 1))
      .filter((v): v is string => v !== null && v !== '');
    return parts.length > 0 ? parts.join('; ') : null;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

function flatten(value: unknown, prefix: string, into: Record<string, string>, depth = 0): void {
  if (depth >= MAX_ERROR_DEPTH) return;
  if (isRecord(value)) {
    for (const [key, inner] of Object.entries(value)) {
      flatten(inner, prefix === '' ? key : `${prefix}.${key}`, into, depth + 1);
    }
    return;
  }
  if (Array.isArray(value) && value.some((v) => isRecord(v) || Array.isArray(v))) {
    value.forEach((inner, index) => flatten(inner, `${prefix}.${index}`, into, depth + 1));
    return;
  }
  const message = textOf(value);
  if (message !== null && message !== '') into[prefix === '' ? '_' : prefix] = message;
}

export interface ParsedErrorBody {
  message: string | null;
  fields: Record<string, string> | undefined;
}

/**
 * Quaderno answers 422 with `{"errors": {field: [msgs]}}`; other shapes seen in the wild are
 * `{"error": "..."}`, `{"errors": ["..."]}`, `{"message": "..."}` and plain text.
 */
export function parseErrorBody(body: string): ParsedErrorBody {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    const plain = body.trim();
    return { message: plain !== '' && plain.length <= 300 ? plain : null, fields: undefined };
  }
  if (!isRecord(json)) return { message: textOf(json), fields: undefined };
  const fields: Record<string, string> = {};
  if (isRecord(json.errors)) flatten(json.errors, '', fields);
  const listed = Array.isArray(json.errors) ? textOf(json.errors) : null;
  const message = textOf(json.error) ?? textOf(json.message) ?? listed;
  const hasFields = Object.keys(fields).length > 0;
  return { message, fields: hasFields ? fields : undefined };
}

function describeFields(fields: Record<string, string>): string {
  return Object.entries(fields)
    .slice(0, 3)
    .map(([field, message]) => (field === '_' ? message : `${field} ${message}`))
    .join('; ');
}

export function errorFromStatus(
  status: number,
  body: string,
  context: CallContext,
  retryInSeconds?: number,
): ConsoleError {
  const parsed = parseErrorBody(body);
  const said = parsed.message ? ` Quaderno said: "${parsed.message}".` : '';
  const extra = { status };
  if (status === 401) {
    return new ConsoleError(
      'unauthorized',
      'Quaderno did not accept this API key. Copy the secret key (sk_…) from Quaderno › Developers › API keys.',
      extra,
    );
  }
  if (status === 403) {
    return new ConsoleError(
      'forbidden',
      `This API key may not access the ${context.what} in Quaderno. Use the account owner's secret key from Quaderno › Developers › API keys.`,
      extra,
    );
  }
  if (status === 404) {
    const message =
      context.notFound ?? `Quaderno has no ${context.what}. It may have been deleted there.`;
    return new ConsoleError('not_found', message, extra);
  }
  if (status === 409) {
    return new ConsoleError(
      'conflict',
      `The ${context.what} changed in Quaderno at the same time. Load it again and retry.${said}`,
      extra,
    );
  }
  if (status === 410) {
    return new ConsoleError(
      'gone',
      `The ${context.what} no longer exists in Quaderno.${said}`,
      extra,
    );
  }
  if (status === 422) {
    const detail = parsed.fields
      ? describeFields(parsed.fields)
      : (parsed.message ?? 'invalid data');
    return new ConsoleError(
      'invalid_input',
      `Quaderno did not accept the ${context.what}: ${detail}. Correct it and try again.`,
      parsed.fields ? { ...extra, fields: parsed.fields } : extra,
    );
  }
  if (status === 429) {
    const wait =
      retryInSeconds !== undefined
        ? `${Math.max(1, Math.ceil(retryInSeconds))} seconds`
        : 'a minute';
    return new ConsoleError(
      'rate_limited',
      `Quaderno is limiting how many calls this account can make. Wait ${wait} and try again.`,
      extra,
    );
  }
  if (status >= 500) {
    return new ConsoleError(
      'server_error',
      `Quaderno had a problem answering (HTTP ${status}) for the ${context.what}. Try again in a few minutes.`,
      extra,
    );
  }
  // 400, 405, 406 and anything unexpected: our request was wrong, not the merchant's data.
  return new ConsoleError(
    'invalid_input',
    `Quaderno refused the request for the ${context.what} (HTTP ${status}, ${context.endpoint}).${said} Update Checkout Console; if it persists, report it.`,
    extra,
  );
}

/** Added when a create was not retried: the merchant must check before trying again. */
function unsure(context: CallContext): string {
  return context.method === 'POST'
    ? ` The ${context.what} may or may not have been created: refresh before trying again.`
    : '';
}

export function offlineError(context: CallContext, cause: unknown): ConsoleError {
  return new ConsoleError(
    'offline',
    `Cannot reach Quaderno at ${context.origin}. Check your connection.${unsure(context)}`,
    { cause },
  );
}

/** `tries` and `waitedMs` cover every attempt, so five 15 s tries are not told as "15 seconds". */
export function timeoutError(
  context: CallContext,
  timeoutMs: number,
  spent: { tries: number; waitedMs: number } = { tries: 1, waitedMs: timeoutMs },
): ConsoleError {
  const seconds = (ms: number) => {
    const n = Math.max(1, Math.round(ms / 1000));
    return `${n} second${n === 1 ? '' : 's'}`;
  };
  const what =
    spent.tries <= 1
      ? `within ${seconds(timeoutMs)} (${context.endpoint})`
      : `${context.endpoint} in ${spent.tries} tries of up to ${seconds(timeoutMs)} each, ${seconds(Math.max(spent.waitedMs, timeoutMs))} in all`;
  return new ConsoleError(
    'timeout',
    `Quaderno did not answer ${what}. Check your connection and try again.${unsure(context)}`,
  );
}

/** A 5xx on a create is not retried, so the merchant hears the same caution as for a drop. */
export function withUnsureNote(error: ConsoleError, context: CallContext): ConsoleError {
  if (context.method !== 'POST' || error.code !== 'server_error') return error;
  const extra = error.status === undefined ? {} : { status: error.status };
  return new ConsoleError(error.code, `${error.message}${unsure(context)}`, extra);
}

export function badResponse(context: CallContext, reason: string, cause?: unknown): ConsoleError {
  return new ConsoleError(
    'bad_response',
    `Quaderno sent an answer Checkout Console cannot read (${context.endpoint}: ${reason}). Try again; if it persists, update Checkout Console.`,
    cause === undefined ? {} : { cause },
  );
}
