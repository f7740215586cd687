// The webhook receiver: node:http on 127.0.0.1, one secret path per account.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { confirmQuarantined } from './confirm';
import { capConnections, DEFAULT_MAX_CONNECTIONS } from './connections';
import { DEFAULT_BODY_LIMIT, isJsonContentType, readBody, send } from './http';
import { ingest } from './ingest';
import { createWriter } from './batching';
import type { ProcessResult } from './process';
import { systemNow } from './repos';
import type { Receiver, ReceiverOptions } from './types';

/** How long close() waits for API confirmations that were already running. */
const CLOSE_WAIT_MS = 2_000;
const HOOK_PATH = /^\/hooks\/([A-Za-z0-9_-]{16,128})\/?$/;

export async function startReceiver(options: ReceiverOptions): Promise<Receiver> {
  const { db } = options;
  const now = options.now ?? systemNow;
  const bodyLimit = options.limits?.bodyBytes ?? DEFAULT_BODY_LIMIT;
  const headersTimeout = options.limits?.headersTimeoutMs ?? 10_000;
  const requestTimeout = options.limits?.requestTimeoutMs ?? 30_000;
  let closed = false;
  const pending = new Set<Promise<unknown>>();
  const confirming = new Set<string>();
  // Aborts API confirmations at close: a stuck call must not hold the app's shutdown.
  const stopping = new AbortController();

  const track = <T>(p: Promise<T>): void => {
    const tracked = p.catch(() => undefined).finally(() => pending.delete(tracked));
    pending.add(tracked);
  };

  // One callback per account and kind, however many events a batch held.
  const announce = (results: Array<ProcessResult | null>): void => {
    const sales = new Map<number, number[]>();
    const sessions = new Map<number, number[]>();
    for (const r of results) {
      if (!r) continue;
      if (r.fulfillmentId !== null)
        sales.set(r.accountId, [...(sales.get(r.accountId) ?? []), r.fulfillmentId]);
      if (r.sessionIds.length > 0)
        sessions.set(r.accountId, [...(sessions.get(r.accountId) ?? []), ...r.sessionIds]);
    }
    for (const [accountId, ids] of sales) options.onFulfillment?.(accountId, ids);
    for (const [accountId, ids] of sessions) options.onSessionStatus?.(accountId, ids);
  };

  // Processing runs after the answer, off the request path; a crash in between is healed
  // by processing everything still unprocessed at the next start.
  const writer = createWriter(db, now, announce, () => closed);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const match = HOOK_PATH.exec(path);
    const route = match?.[1] ? options.route(match[1]) : null;
    if (!route) return send(res, 404, { error: 'Not found.' });
    if (req.method === 'HEAD') return send(res, 200, null);
    if (req.method !== 'POST') {
      return send(res, 405, { error: 'Only POST is accepted here.' }, { Allow: 'POST, HEAD' });
    }
    if (!isJsonContentType(req.headers['content-type'])) {
      req.resume();
      return send(res, 415, { error: 'Send the event as application/json.' });
    }
    const body = await readBody(req, bodyLimit);
    if (!body.ok) {
      const error = body.status === 413 ? 'The event is larger than 1 MiB.' : 'Bad request.';
      return send(res, body.status, { error }, { Connection: 'close' });
    }
    const outcome = await ingest(db, now, route, req, body.body, writer);
    if (outcome.status === 200) {
      send(res, 200, { received: true, duplicate: outcome.duplicate });
      options.onEvent?.(route.accountId, outcome.eventId);
      if (!outcome.duplicate) writer.process(route.accountId, outcome.eventId);
      return;
    }
    if (outcome.status === 401) {
      send(res, 401, { error: 'The signature does not match this webhook.' });
      options.onEvent?.(route.accountId, outcome.quarantined.eventId);
      const q = outcome.quarantined;
      const key = `${q.accountId}:${q.sessionId}`;
      // One API question per session at a time, however many forged copies arrive.
      if (options.confirm && q.sessionId !== null && !confirming.has(key)) {
        confirming.add(key);
        track(
          confirmQuarantined(db, q, options.confirm, now, stopping.signal)
            .then((r) => announce([r]))
            .finally(() => confirming.delete(key)),
        );
      }
      return;
    }
    send(res, outcome.status, { error: outcome.error });
  }

  const server = createServer(
    { headersTimeout, requestTimeout, connectionsCheckingInterval: 500, keepAliveTimeout: 5_000 },
    (req, res) => {
      handle(req, res).catch(() => {
        // Storage failed: no 200, so Quaderno retries; the process stays up.
        send(res, 500, { error: 'The event could not be stored. It will be retried.' });
      });
    },
  );
  capConnections(server, options.limits?.maxConnections ?? DEFAULT_MAX_CONNECTIONS);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  // Events committed before a crash (or an unfinished processing) are finished now.
  setImmediate(() => writer.processBacklog());

  return {
    port,
    localUrl: (token) => `http://127.0.0.1:${port}/hooks/${token}`,
    async close() {
      if (closed) return;
      closed = true;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        // A sender trickling a body must not hold the app's shutdown for the request timeout.
        setTimeout(() => server.closeAllConnections(), 1000).unref();
      });
      writer.close();
      stopping.abort();
      // An event whose confirmation is abandoned stays quarantined; the next sync records the
      // sale if Quaderno shows it paid.
      let timer: NodeJS.Timeout | undefined;
      const limit = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, CLOSE_WAIT_MS);
      });
      await Promise.race([Promise.all(pending), limit]);
      clearTimeout(timer);
    },
  };
}
