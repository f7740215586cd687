// The webhook receiver: node:http on 127.0.0.1, one secret path per account.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createWriter } from './batching';
import { createByteBudget, DEFAULT_CONFIRMS_PER_MINUTE, DEFAULT_IN_FLIGHT_BYTES } from './budgets';
import { createConfirmer } from './confirmer';
import { capConnections, DEFAULT_MAX_CONNECTIONS } from './connections';
import {
  answer,
  DEFAULT_BODY_GRACE_MS,
  DEFAULT_BODY_IDLE_MS,
  DEFAULT_BODY_MIN_BYTES_PER_SECOND,
  DEFAULT_BODY_LIMIT,
  readBody,
  refuse,
  reply,
  send,
} from './http';
import { createHeldDeliveries, DEFAULT_HELD_RETRY_MS } from './held';
import { ingest } from './ingest';
import { createLinkRechecks } from './link-recheck';
import { createNotices } from './notices';
import { systemNow, type NewEvent } from '../store';
import type { ProcessResult } from './process';
import { createSchemeMemory } from './schemes';
import type { Receiver, ReceiverOptions, ReceiverRoute } from './types';

const HOOK_PATH = /^\/hooks\/([A-Za-z0-9_-]{16,128})\/?$/;
// What every delivery is answered, made once.
const STORED = answer(200, { received: true, duplicate: false });
const STORED_BEFORE = answer(200, { received: true, duplicate: true });
const STORED_UNVERIFIED = answer(200, { received: true, verified: false });
const BODY_REFUSALS = {
  413: 'The event is larger than 1 MiB.',
  408: 'The body stopped arriving.',
  400: 'Bad request.',
} as const;
/**
 * A whole request, body included. A real delivery is a few KiB and arrives in one piece, even
 * through the tunnel; every open request holds one of the tunnel's few sockets.
 */
const REQUEST_TIMEOUT_MS = 10_000;

/** The port of a server listening on TCP (`server.address()`), checked rather than assumed. */
function listeningPort(address: string | AddressInfo | null): number {
  if (address === null || typeof address === 'string' || !Number.isInteger(address.port)) {
    throw new Error(`The receiver is not listening on a TCP port (${String(address)}).`);
  }
  return address.port;
}

const carriesBody = (req: IncomingMessage): boolean =>
  req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;

export async function startReceiver(options: ReceiverOptions): Promise<Receiver> {
  const { store: repos, limits = {} } = options;
  const now = options.now ?? systemNow;
  const bodyLimit = limits.bodyBytes ?? DEFAULT_BODY_LIMIT;
  const requestTimeout = limits.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
  // The body's own bounds (http.ts, readBody), never longer than the request timeout.
  const bodyPace = {
    idleMs: Math.min(DEFAULT_BODY_IDLE_MS, requestTimeout),
    graceMs: Math.min(DEFAULT_BODY_GRACE_MS, requestTimeout),
    minBytesPerSecond: DEFAULT_BODY_MIN_BYTES_PER_SECOND,
  };
  let closed = false;
  const budget = createByteBudget(limits.inFlightBytes ?? DEFAULT_IN_FLIGHT_BYTES);
  const notices = createNotices(repos);
  const keep = {
    events: limits.quarantineEvents,
    bytes: limits.quarantineBytes,
    readableEvents: limits.quarantineReadableEvents,
    readableBytes: limits.quarantineReadableBytes,
  };
  // Events without a session id match open links by email; those are re-read from the API.
  const rechecks = createLinkRechecks({
    repos,
    getSession: options.confirm,
    onSessionStatus: options.onSessionStatus,
  });
  const schemes = createSchemeMemory(repos, now, options.onSignatureScheme);

  // One callback per account and kind, however many events a batch held.
  const announce = (results: Array<ProcessResult | null>): void => {
    const sales = new Map<number, number[]>();
    const sessions = new Map<number, number[]>();
    for (const r of results) {
      if (!r) continue;
      if (r.recheck) rechecks.recheckLater(r.recheck);
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
  // The insert worker (store/writer.ts: it commits and syncs each batch on its own thread,
  // pipelined) is off unless limits.offThreadFrom asks for it: measured side by side
  // (test/bench/ingest.ts, insert_worker) it has not raised ingest on this machine.
  const writer = createWriter(repos, announce, () => closed, {
    offThreadFrom: limits.offThreadFrom,
  });
  // A checkpoint in a commit stalled every request in flight; a worker thread does them.
  const checkpoints = repos.checkpointOffThread();
  const confirmer = createConfirmer({
    repos,
    confirm: options.confirm,
    perMinute: limits.confirmsPerMinute ?? DEFAULT_CONFIRMS_PER_MINUTE,
    announce,
    notices,
    onConfirmed: (accountId) => schemes.seen(accountId, 'unverifiable'),
  });
  // Deliveries held while the account's key could not be read are checked again once it reads.
  const held = createHeldDeliveries({
    repos,
    writer,
    schemes,
    retryMs: limits.heldRetryMs ?? DEFAULT_HELD_RETRY_MS,
  });
  const watched = (route: ReceiverRoute): ReceiverRoute => ({
    accountId: route.accountId,
    async signingTargets() {
      try {
        const targets = await route.signingTargets();
        held.keyRead(route, targets);
        return targets;
      } catch (e) {
        held.keyUnreadable(route);
        throw e;
      }
    },
  });
  const sink = {
    insertVerified: writer.insertVerified,
    preferredScheme: schemes.preferred,
    // In the writer's group commit with the verified ones (one transaction and one sync for
    // all that queued), answered once on disk: a commit each stalled the loop under a flood.
    async quarantine(e: NewEvent & { reason: string }) {
      const r = await writer.quarantine({ event: e, keep });
      // One trim deletes one kind: the kind of the event that was just added.
      if (r.droppedReadable > 0) {
        notices.note(e.accountId, 'quarantine_dropped_readable', r.droppedReadable);
      } else if (r.dropped > 0) {
        notices.note(e.accountId, 'quarantine_dropped', r.dropped);
      }
      return r;
    },
  };

  async function receive(req: IncomingMessage, res: ServerResponse, route: ReceiverRoute) {
    const body = await readBody(req, bodyLimit, bodyPace);
    if (!body.ok) return refuse(res, body.status, { error: BODY_REFUSALS[body.status] });
    const outcome = await ingest(watched(route), req, body.body, sink);
    // The event's own work is queued before the notices: a notice that throws (remembering the
    // scheme is a write, which a full disk or a held lock refuses) left a sale unmade until the
    // next start.
    if (outcome.verified) {
      reply(res, outcome.duplicate ? STORED_BEFORE : STORED);
      if (!outcome.duplicate) writer.process(route.accountId, outcome.eventId);
      options.onEvent?.(route.accountId, outcome.eventId);
      schemes.seen(route.accountId, outcome.scheme);
      return;
    }
    // Stored, so acknowledged: refusing an unverifiable delivery gets the webhook deleted.
    reply(res, STORED_UNVERIFIED);
    confirmer.confirmLater(outcome.quarantined);
    rechecks.fromQuarantined(outcome.quarantined);
    options.onEvent?.(route.accountId, outcome.eventId);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const match = path.match(HOOK_PATH);
    const route = match?.[1] ? options.route(match[1]) : null;
    // Every refusal closes its connection (http.ts, refuse): a body trickled to a wrong path
    // was read until the request timeout, holding a tunnel socket the whole time.
    if (!route) return refuse(res, 404, { error: 'Not found.' });
    // A HEAD that sends a body anyway gets its answer and its connection closed likewise.
    if (req.method === 'HEAD')
      return carriesBody(req) ? refuse(res, 200, null) : send(res, 200, null);
    if (req.method !== 'POST') {
      return refuse(res, 405, { error: 'Only POST is accepted here.' }, { Allow: 'POST, HEAD' });
    }
    // A declared size over the limit is answered 413 without keeping the body; an undeclared
    // one may grow to the limit.
    const declared = Number(req.headers['content-length'] ?? NaN);
    const bytes = Number.isFinite(declared) ? (declared > bodyLimit ? 0 : declared) : bodyLimit;
    const signed = typeof req.headers['x-quaderno-signature'] === 'string';
    if (!budget.reserve(bytes, signed)) {
      const error = 'The receiver is busy. Try again in a minute.';
      return refuse(res, 503, { error }, { 'Retry-After': '60' });
    }
    try {
      await receive(req, res, route);
    } finally {
      budget.release(bytes);
    }
  }

  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs ?? 10_000,
      requestTimeout,
      connectionsCheckingInterval: 500,
      keepAliveTimeout: 5_000,
    },
    (req, res) => {
      handle(req, res).catch(() => {
        // Storage failed: no 200, so Quaderno retries; the process stays up.
        send(res, 500, { error: 'The event could not be stored. It will be retried.' });
      });
    },
  );
  capConnections(server, limits.maxConnections ?? DEFAULT_MAX_CONNECTIONS);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = listeningPort(server.address());

  // Events committed before a crash (or an unfinished processing) are finished now.
  setImmediate(() => writer.processBacklog());

  return {
    port,
    localUrl: (token) => `http://127.0.0.1:${port}/hooks/${token}`,
    async close() {
      if (closed) return;
      closed = true;
      const stopped = new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        // A sender trickling a body must not hold the app's shutdown for the request timeout.
        setTimeout(() => server.closeAllConnections(), 1000).unref();
      });
      await Promise.all([stopped, confirmer.close(), rechecks.close(), held.close()]);
      await writer.close();
      notices.flush();
      await checkpoints.close();
    },
  };
}
