// The typed Quaderno API client. Amounts stay as Quaderno sends them here; convert with
// toMinorUnits / unitCostToMinorUnits at the edge that stores them.
import type { z } from 'zod';
import { ConsoleError } from '../errors';
import { resolveApiUrl } from './api-url';
import { DEFAULT_MAX_BODY_BYTES } from './capped-body';
import type { CallOptions, QuadernoClient, QuadernoClientOptions } from './client-types';
import { collectPages, fetchPage, followPages, type OnUnreadable } from './pages';
import { DEFAULT_RATE_LIMIT, sharedLimiter, type Clock } from './rate-limiter';
import { DEFAULT_BACKOFF } from './retry-policy';
import {
  authorizationSchema,
  itemSchema,
  pingSchema,
  sessionSchema,
  webhookSchema,
} from './schemas';
import { createTransport, parseBody, type Send } from './transport';

/** A timer that shutdown clears, so a closing process is not held open by a pending retry. */
function realSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

const DEFAULT_MAX_PAUSE_MS = 15 * 60_000;
const DEFAULT_MAX_PAGES = 1000;

function positiveId(id: number): number {
  if (!Number.isSafeInteger(id) || id <= 0) {
    throw new ConsoleError('invalid_input', `${id} is not a Quaderno id. Refresh and try again.`);
  }
  return id;
}

export function createQuadernoClient(options: QuadernoClientOptions): QuadernoClient {
  const apiUrl = resolveApiUrl(options.apiUrl);
  const clock: Clock = { now: options.now ?? Date.now, sleep: options.sleep ?? realSleep };
  const rateLimit = options.rateLimit === false ? false : (options.rateLimit ?? DEFAULT_RATE_LIMIT);
  const transport = createTransport({
    apiUrl,
    apiKey: options.apiKey,
    timeoutMs: options.timeoutMs ?? 15_000,
    maxRetries: options.maxRetries ?? 4,
    fetch: options.fetch ?? globalThis.fetch,
    clock,
    random: options.random ?? Math.random,
    backoff: options.backoff ?? DEFAULT_BACKOFF,
    limiter: rateLimit === false ? null : sharedLimiter(apiUrl, options.apiKey, rateLimit),
    rateWindowMs: rateLimit === false ? DEFAULT_RATE_LIMIT.windowMs : rateLimit.windowMs,
    maxServerWaitMs: options.maxServerWaitMs ?? 60_000,
    maxPauseMs: options.maxPauseMs ?? DEFAULT_MAX_PAUSE_MS,
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  /** The transport for one call: its requests, pages included, end with the caller's signal. */
  const sendFor = (call: CallOptions = {}): Send =>
    call.signal || call.retry ? (request) => transport(request, call) : transport;
  const paging = { maxPages: options.maxPages ?? DEFAULT_MAX_PAGES };
  const accountNotFound = `Quaderno has no account at ${new URL(apiUrl).host}. Check the account name.`;
  const session = (id: number) => `checkout session ${id}`;
  const webhook = (id: number) => `webhook ${id}`;
  /** Every page of a list read 100 at a time (the most Quaderno serves per page). */
  const listAll = <S extends z.ZodType>(
    path: string,
    what: string,
    schema: S,
    call: CallOptions | undefined,
    onUnreadable?: OnUnreadable,
  ) => {
    const first = { method: 'GET', path, query: { limit: 100 }, what } as const;
    return collectPages(sendFor(call), apiUrl, first, schema, paging, onUnreadable);
  };

  return {
    apiUrl,
    async ping(call) {
      const res = await sendFor(call)({
        method: 'GET',
        path: 'ping',
        what: 'account',
        notFound: accountNotFound,
      });
      parseBody(res, pingSchema);
    },
    async authorization(call) {
      const res = await sendFor(call)({
        method: 'GET',
        path: 'authorization',
        what: 'account',
        notFound: accountNotFound,
      });
      return parseBody(res, authorizationSchema).identity;
    },
    listItems(onUnreadable, call) {
      return listAll('items', 'products', itemSchema, call, onUnreadable);
    },
    async createSession(input, call) {
      const res = await sendFor(call)({
        method: 'POST',
        path: 'checkout/sessions',
        body: input,
        what: 'checkout session',
      });
      return parseBody(res, sessionSchema);
    },
    async getSession(id, call) {
      const res = await sendFor(call)({
        method: 'GET',
        path: `checkout/sessions/${positiveId(id)}`,
        what: session(id),
      });
      return parseBody(res, sessionSchema);
    },
    async updateSession(id, input, call) {
      const path = `checkout/sessions/${positiveId(id)}`;
      const res = await sendFor(call)({ method: 'PUT', path, body: input, what: session(id) });
      return parseBody(res, sessionSchema);
    },
    async deleteSession(id, call) {
      await sendFor(call)({
        method: 'DELETE',
        path: `checkout/sessions/${positiveId(id)}`,
        what: session(id),
      });
    },
    async listSessionsPage(q = {}, call) {
      const request = q.page
        ? ({ method: 'GET', url: q.page, what: 'checkout sessions' } as const)
        : ({
            method: 'GET',
            path: 'checkout/sessions',
            query: { status: q.status, limit: q.limit, created_before: q.createdBefore },
            what: 'checkout sessions',
          } as const);
      if (q.page && !URL.canParse(q.page)) {
        throw new ConsoleError(
          'invalid_input',
          'That page link is not from this Quaderno account.',
        );
      }
      if (q.page && new URL(q.page).origin !== new URL(apiUrl).origin) {
        throw new ConsoleError(
          'invalid_input',
          'That page link is not from this Quaderno account.',
        );
      }
      return fetchPage(sendFor(call), apiUrl, request, sessionSchema);
    },
    listSessions(q = {}, onUnreadable, call) {
      const query = { status: q.status, limit: q.limit ?? 100 };
      return followPages(
        sendFor(call),
        apiUrl,
        { method: 'GET', path: 'checkout/sessions', query, what: 'checkout sessions' },
        sessionSchema,
        paging,
        onUnreadable,
      );
    },
    async createWebhook(input, call) {
      const request = { method: 'POST', path: 'webhooks', body: input, what: 'webhook' } as const;
      const res = await sendFor(call)(request);
      return parseBody(res, webhookSchema);
    },
    listWebhooks(call) {
      return listAll('webhooks', 'webhooks', webhookSchema, call);
    },
    async getWebhook(id, call) {
      const res = await sendFor(call)({
        method: 'GET',
        path: `webhooks/${positiveId(id)}`,
        what: webhook(id),
      });
      return parseBody(res, webhookSchema);
    },
    async updateWebhook(id, input, call) {
      const res = await sendFor(call)({
        method: 'PUT',
        path: `webhooks/${positiveId(id)}`,
        body: input,
        what: webhook(id),
      });
      return parseBody(res, webhookSchema);
    },
    async deleteWebhook(id, call) {
      const path = `webhooks/${positiveId(id)}`;
      await sendFor(call)({ method: 'DELETE', path, what: webhook(id) });
    },
  };
}
