// One delivery: verify, commit, answer. The raw event is in SQLite (durably: synchronous=FULL)
// before the 200 is written, because Quaderno never resends an acknowledged event.
import type { IncomingMessage } from 'node:http';
import type { NewEvent } from '../store/events';
import { eventMetaOf } from './payload';
import { verifySignature } from './signature';
import type { ReceiverRoute } from './types';
import type { Quarantined } from './confirm';
import { storableHeaders } from './http';

export type IngestOutcome =
  | { status: 200; eventId: number; duplicate: boolean }
  | { status: 400; error: string }
  | { status: 401; quarantined: Quarantined }
  | { status: 503; error: string };

export async function ingest(
  route: ReceiverRoute,
  req: IncomingMessage,
  raw: Buffer,
  sink: {
    insertVerified(e: NewEvent): Promise<{ id: number; duplicate: boolean }>;
    quarantine(e: NewEvent & { reason: string }): { id: number };
  },
): Promise<IngestOutcome> {
  let json: unknown;
  const text = raw.toString('utf8');
  try {
    json = JSON.parse(text);
  } catch {
    return { status: 400, error: 'The body is not valid JSON.' };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { status: 400, error: 'The body must be a JSON object.' };
  }
  const meta = eventMetaOf(json as Record<string, unknown>);
  const headers = storableHeaders(req);
  const event = {
    accountId: route.accountId,
    body: text,
    headers,
    eventType: meta.eventType,
    sessionId: meta.sessionId,
    businessKey: meta.businessKey,
  };
  const signature = req.headers['x-quaderno-signature'];
  let check;
  try {
    const targets = await route.signingTargets();
    check = verifySignature(Array.isArray(signature) ? signature[0] : signature, raw, targets);
  } catch (e) {
    // The auth key could not be read (keychain locked): a 5xx makes Quaderno retry later.
    const why = e instanceof Error ? e.message : String(e);
    sink.quarantine({ ...event, reason: `The webhook's auth key could not be read: ${why}` });
    return { status: 503, error: 'The receiver cannot check signatures right now.' };
  }
  if (!check.ok) {
    const { id } = sink.quarantine({ ...event, reason: check.reason });
    return {
      status: 401,
      quarantined: { accountId: route.accountId, eventId: id, ...meta, reason: check.reason },
    };
  }
  const { id, duplicate } = await sink.insertVerified(event);
  return { status: 200, eventId: id, duplicate };
}
