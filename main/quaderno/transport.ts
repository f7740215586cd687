// One place where HTTP happens: auth, timeouts, pacing, retries, error mapping.
import { z } from 'zod';
import type { ConsoleError } from '../errors';
import {
  badResponse,
  errorFromStatus,
  offlineError,
  timeoutError,
  withUnsureNote,
  type CallContext,
} from './http-errors';
import { BodyTooLarge, readCappedText } from './capped-body';
import { closingError, pausedError, stoppedError, tooLargeError } from './limit-errors';
import {
  ClientClosed,
  resetDelayMs,
  serverWaitMs,
  sleepUnlessClosed,
  windowSpent,
  type Clock,
  type Limiter,
} from './rate-limiter';
import {
  inRetryScope,
  isRateLimitAnswer,
  isRetryable,
  retriesAtOnce,
  retryDelayMs,
  type Backoff,
  type Failure,
  type RetryScope,
} from './retry-policy';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/**
 * Without `api_version` Quaderno answers in the version stored on each account, so shapes would
 * differ per merchant (docs/quaderno-api.md › Connection, Where the real service differs).
 * 20220325 is the version integrators are seen pinning; it is after 20170628 (rate limits are
 * 429, not 503) and 20160614 (amounts in cents, version read from this header).
 */
export const QUADERNO_API_VERSION = '20220325';
export const ACCEPT = `application/json; api_version=${QUADERNO_API_VERSION}`;

export interface ApiRequest {
  method: HttpMethod;
  /** Relative to the API base, without '.json' ('checkout/sessions/12'); or `url`. */
  path?: string;
  /** An absolute URL already checked to be on the API's origin (a next-page link). */
  url?: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  what: string;
  notFound?: string;
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  body: string;
  context: CallContext;
}

export interface TransportOptions {
  apiUrl: string;
  apiKey: string;
  timeoutMs: number;
  maxRetries: number;
  fetch: typeof fetch;
  clock: Clock;
  random: () => number;
  backoff: Backoff;
  /** null when pacing is off; 429s are still retried. */
  limiter: Limiter | null;
  /** A server asking for a longer wait than this fails fast instead of blocking the caller. */
  maxServerWaitMs: number;
  /** The account's rate window, for 429s that come without any hint. */
  rateWindowMs: number;
  /** The longest the shared limiter is paused for, whatever the server asks. */
  maxPauseMs: number;
  /** Bodies past this many bytes are cut off and reported, never retried. */
  maxBodyBytes: number;
  /** Aborting it (shutdown) ends every wait and request of this client at once. */
  signal?: AbortSignal;
}

/** What one call carries besides its request (see CallOptions, the client's face of it). */
export interface SendOptions {
  /** The caller's own bound: ends this call, waits included, as shutdown ends every call. */
  signal?: AbortSignal | undefined;
  /** Which failures this call tries again; default 'all'. */
  retry?: RetryScope | undefined;
}

/** One call, retries and waits included. */
export type Send = (request: ApiRequest, call?: SendOptions) => Promise<ApiResponse>;

export function buildUrl(apiUrl: string, request: ApiRequest): URL {
  const url = request.url ? new URL(request.url) : new URL(`${request.path ?? ''}.json`, apiUrl);
  for (const [key, value] of Object.entries(request.query ?? {})) {
    if (value !== undefined) url.searchParams.set(key, String(value));
  }
  return url;
}

function endpointLabel(method: string, url: URL, apiUrl: string): string {
  const base = new URL(apiUrl).pathname;
  const path = url.pathname.startsWith(base) ? url.pathname.slice(base.length) : url.pathname;
  return `${method} ${path.replace(/\.json$/, '')}`;
}

type Spent = { tries: number; waitedMs: number };

type Attempt =
  { ok: true; response: Response; body: string } | { ok: false; failure: Failure; cause: unknown };

async function attempt(
  options: TransportOptions,
  url: URL,
  init: RequestInit,
  call: AbortSignal,
): Promise<Attempt> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs);
  const onClose = () => controller.abort();
  call.addEventListener('abort', onClose, { once: true });
  if (call.aborted) controller.abort();
  try {
    const response = await options.fetch(url, { ...init, signal: controller.signal });
    // The body is read under the same deadline: a server can stall after the headers too.
    const body = await readCappedText(response, options.maxBodyBytes);
    return { ok: true, response, body };
  } catch (cause) {
    const kind =
      cause instanceof BodyTooLarge
        ? 'too_large'
        : call.aborted
          ? 'closed'
          : controller.signal.aborted
            ? 'timeout'
            : 'network';
    return { ok: false, failure: { kind }, cause };
  } finally {
    clearTimeout(timer);
    call.removeEventListener('abort', onClose);
    // Drops the connection of a body that was cut off, instead of leaving it to drain.
    controller.abort();
  }
}

/** Server text goes into messages, so anything that looks like a credential is cut out first. */
function redactor(apiKey: string, encoded: string): (text: string) => string {
  const exact = apiKey.length >= 4 ? [apiKey, encoded] : [encoded];
  return (text) =>
    exact
      .reduce((t, secret) => t.split(secret).join('[key]'), text)
      .replace(/\b[sp]k_(?:live|test)_[A-Za-z0-9]+/g, '[key]')
      .replace(/Basic\s+[A-Za-z0-9+/=]+/g, 'Basic [key]');
}

export function createTransport(options: TransportOptions): Send {
  const encoded = Buffer.from(`${options.apiKey}:x`).toString('base64');
  const authorization = `Basic ${encoded}`;
  const redact = redactor(options.apiKey, encoded);
  // When the current rate window ends, as last announced by Quaderno (epoch ms).
  let resetAt = 0;
  const origin = new URL(options.apiUrl).origin;

  /** Pauses every caller of the shared limiter, never for longer than maxPauseMs. */
  function pauseAll(now: number, askedMs: number) {
    options.limiter?.pauseUntil(now + Math.min(askedMs, options.maxPauseMs), askedMs);
  }

  function failureError(failure: Failure, cause: unknown, context: CallContext, spent: Spent) {
    if (failure.kind === 'closed') throw new ClientClosed();
    if (failure.kind === 'too_large') return tooLargeError(context, options.maxBodyBytes);
    if (failure.kind === 'timeout') return timeoutError(context, options.timeoutMs, spent);
    return offlineError(context, cause);
  }

  async function withRetries(
    request: ApiRequest,
    url: URL,
    init: RequestInit,
    context: CallContext,
    call: AbortSignal,
    scope: RetryScope,
  ) {
    const started = options.clock.now();
    // What the server has made this one call wait so far: maxServerWaitMs bounds the sum, so
    // five 429s asking for 60 s each cannot hold a caller for five minutes.
    let serverWaited = 0;
    for (let tries = 0; ; tries++) {
      if (call.aborted) throw new ClientClosed();
      const paused = await options.limiter?.acquire(options.clock, {
        maxWaitMs: options.maxServerWaitMs,
        signal: call,
      });
      // Someone met a long pause already: every call hears it at once instead of hanging.
      if (paused) throw pausedError(paused, options.maxPauseMs);
      const result = await attempt(options, url, init, call);
      const now = options.clock.now();
      let error: ConsoleError;
      let failure: Failure;
      let waitMs: number | undefined;
      if (result.ok) {
        const { response, body } = result;
        const hint = serverWaitMs(response.headers, now);
        const reset = resetDelayMs(response.headers, now);
        if (reset !== undefined) resetAt = now + reset;
        if (options.limiter && windowSpent(response.headers)) {
          pauseAll(now, hint ?? options.limiter.config.windowMs);
        }
        if (response.status >= 200 && response.status < 300) {
          return { status: response.status, headers: response.headers, body, context };
        }
        if (response.status >= 300 && response.status < 400) {
          throw badResponse(context, `redirected with HTTP ${response.status}`);
        }
        // A 403 or 503 that says "rate limit" is a 429 in all but number: it waits and retries.
        const status = isRateLimitAnswer(response.status, body, response.headers)
          ? 429
          : response.status;
        failure = { kind: 'status', status };
        if (status === 503) waitMs = hint;
        if (status === 429) {
          // Quaderno may send no headers on a 429; the reset announced by an earlier answer
          // still says when the window opens again.
          waitMs = hint ?? (resetAt > now ? resetAt - now : undefined);
          // Everyone sharing this account waits, not only the call that was refused.
          if (waitMs !== undefined) pauseAll(now, waitMs);
          if (waitMs !== undefined && waitMs > options.maxServerWaitMs) {
            throw pausedError(
              { until: now + Math.min(waitMs, options.maxPauseMs), askedMs: waitMs },
              options.maxPauseMs,
            );
          }
        }
        error = errorFromStatus(
          status,
          redact(body),
          context,
          waitMs === undefined ? undefined : waitMs / 1000,
        );
      } else {
        failure = result.failure;
        error = failureError(failure, result.cause, context, {
          tries: tries + 1,
          waitedMs: now - started,
        });
      }
      const tooLong = waitMs !== undefined && serverWaited + waitMs > options.maxServerWaitMs;
      if (
        tries >= options.maxRetries ||
        tooLong ||
        !isRetryable(request.method, failure) ||
        !inRetryScope(scope, failure, tries)
      ) {
        throw withUnsureNote(error, context);
      }
      if (retriesAtOnce(scope, failure)) continue;
      const delayMs = retryDelayMs({
        failure,
        attempt: tries,
        random: options.random,
        backoff: options.backoff,
        serverWaitMs: waitMs,
        rateWindowMs: options.rateWindowMs,
      });
      serverWaited += waitMs ?? 0;
      await sleepUnlessClosed(options.clock, delayMs, call);
    }
  }

  return async function send(request, { signal, retry = 'all' } = {}) {
    const url = buildUrl(options.apiUrl, request);
    const context: CallContext = {
      method: request.method,
      endpoint: endpointLabel(request.method, url, options.apiUrl),
      what: request.what,
      origin,
      ...(request.notFound ? { notFound: request.notFound } : {}),
    };
    const headers: Record<string, string> = {
      Authorization: authorization,
      Accept: ACCEPT,
    };
    if (request.body !== undefined) headers['Content-Type'] = 'application/json';
    const init: RequestInit = {
      method: request.method,
      headers,
      redirect: 'manual',
      ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
    };
    // This call's own abort: shutdown or its caller's signal. Listeners removed when it ends,
    // not AbortSignal.any, which leaks when combined per call with the long-lived shutdown
    // signal on Node 20 (nodejs/node#55351).
    const call = new AbortController();
    const stop = () => call.abort();
    const sources = [options.signal, signal].filter((s): s is AbortSignal => s !== undefined);
    for (const source of sources) source.addEventListener('abort', stop, { once: true });
    if (sources.some((source) => source.aborted)) call.abort();
    try {
      return await withRetries(request, url, init, context, call.signal, retry);
    } catch (e) {
      if (!(e instanceof ClientClosed)) throw e;
      throw options.signal?.aborted ? closingError(context) : stoppedError(context);
    } finally {
      for (const source of sources) source.removeEventListener('abort', stop);
    }
  };
}

/** Parses a JSON body against a schema; anything unexpected is a bad_response naming the endpoint. */
export function parseBody<S extends z.ZodType>(response: ApiResponse, schema: S): z.output<S> {
  let json: unknown;
  try {
    json = JSON.parse(response.body);
  } catch (cause) {
    throw badResponse(response.context, 'not valid JSON', cause);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    throw badResponse(response.context, `${where}${issue?.message ?? 'unexpected shape'}`);
  }
  return parsed.data;
}
