// One delivery: read, verify, commit. Every delivery to a valid hook path is stored before it is
// answered 200, verified or not: Quaderno never resends an acknowledged event, and a second
// non-2xx deletes the webhook (docs/quaderno-api.md, Webhooks). Unverified ones are kept in
// quarantine and become sales only when the API confirms them. A delivery that cannot be
// stored throws, and the server answers 500 so Quaderno retries.
import type { IncomingMessage } from 'node:http';
import { KEY_UNREADABLE_REASON, type NewEvent } from '../store';
import type { Quarantined } from './confirm';
import { decodeBody } from './decode';
import { storableHeaders } from './http';
import { eventMetaOf, isReadableEvent, type EventMeta } from './payload';
import { verifySignature, type SignatureScheme } from './signature';
import type { ReceiverRoute } from './types';

export type IngestOutcome =
  | { verified: true; eventId: number; duplicate: boolean; scheme: SignatureScheme }
  | { verified: false; eventId: number; quarantined: Quarantined };

const NO_META: EventMeta = { eventType: null, sessionId: null, businessKey: null, email: null };

export async function ingest(
  route: ReceiverRoute,
  req: IncomingMessage,
  raw: Buffer,
  sink: {
    insertVerified(e: NewEvent): Promise<{ id: number; duplicate: boolean }>;
    /** Stores an unverified delivery; resolves once it is on disk. */
    quarantine(e: NewEvent & { reason: string }): { id: number } | Promise<{ id: number }>;
    preferredScheme(accountId: number): SignatureScheme;
  },
): Promise<IngestOutcome> {
  const decoded = decodeBody(raw, req.headers['content-type']);
  const meta = decoded.json ? eventMetaOf(decoded.json) : NO_META;
  const event: NewEvent = {
    accountId: route.accountId,
    body: decoded.text,
    headers: storableHeaders(req),
    eventType: meta.eventType,
    sessionId: meta.sessionId,
    businessKey: meta.businessKey,
  };
  // A body that does not read as a Quaderno event is stored without a type: the quarantine
  // keeps such junk within its own limit, apart from events that may be real (store/events.ts).
  const readable = decoded.json !== null && isReadableEvent(decoded.json);
  const quarantine = async (reason: string): Promise<IngestOutcome> => {
    const { id } = await sink.quarantine({
      ...event,
      eventType: readable ? event.eventType : null,
      reason,
    });
    const quarantined = { accountId: route.accountId, eventId: id, ...meta, reason };
    return { verified: false, eventId: id, quarantined };
  };
  if (decoded.problem !== null) return quarantine(decoded.problem);

  const signature = req.headers['x-quaderno-signature'];
  let check;
  try {
    const targets = await route.signingTargets();
    const given = Array.isArray(signature) ? signature[0] : signature;
    check = verifySignature(given, decoded, targets, sink.preferredScheme(route.accountId));
  } catch (e) {
    // The auth key could not be read (keychain locked): kept like any unverified delivery, so
    // the API can still confirm it; answering 5xx would spend Quaderno's one retry. Its reason
    // marks it held: it is checked again once the key reads (held.ts).
    const why = e instanceof Error ? e.message : String(e);
    return quarantine(`${KEY_UNREADABLE_REASON}: ${why}`);
  }
  if (!check.ok) return quarantine(check.reason);
  const { id, duplicate } = await sink.insertVerified(event);
  return { verified: true, eventId: id, duplicate, scheme: check.scheme };
}
