// Reads the parts of a checkout event body the receiver needs (docs/quaderno-api.md, "The
// checkout.succeeded payload"). Bodies are untrusted: every field is optional and loose.
import { z } from 'zod';
import { customerDisplayName } from '../../preload/customer-name';

// A session id SQLite's INTEGER cannot hold exactly is no session at all (it would fail the
// insert of the whole delivery batch).
export const sessionIdSchema = z
  .union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)])
  .refine((n) => Number.isSafeInteger(n));
const text = z.string().nullish().catch(null);
// A number, or one written as text (a form-encoded delivery carries every value as text).
export const looseNumber = z
  .union([
    z.number(),
    z
      .string()
      .regex(/^-?\d+(\.\d+)?$/)
      .transform(Number),
  ])
  .nullish()
  .catch(null);

const details = z
  .object({
    session: sessionIdSchema.nullish().catch(null),
    session_permalink: text,
    gateway: text,
    description: text,
    // checkout.abandoned names the subscription plan, if any (docs/quaderno-api.md, Events).
    plan: text,
    email: text,
    transaction: text,
    product_id: text,
    tax_name: text,
    tax_rate: looseNumber,
    amount_cents: looseNumber,
    amount: text,
    currency: text,
  })
  .partial()
  .catch({});

const contact = z
  .object({ kind: text, first_name: text, last_name: text, full_name: text, email: text })
  .partial()
  .catch({});

export const eventBodySchema = z.object({
  event_type: z.string().nullish().catch(null),
  data: z
    .object({
      object: z
        .object({
          transaction_details: details.optional(),
          contact: contact.optional(),
          message: z.object({ response_message: text }).partial().optional().catch(undefined),
        })
        .catch({}),
    })
    .partial()
    .catch({}),
});

export interface EventMeta {
  eventType: string | null;
  sessionId: number | null;
  businessKey: string | null;
  email: string | null;
}

export type EventBody = z.infer<typeof eventBodySchema>;

export function parseEventBody(json: unknown): EventBody | null {
  const parsed = eventBodySchema.safeParse(json);
  return parsed.success ? parsed.data : null;
}

/**
 * A sessionless event's key: its type and the processor's transaction id, since one transaction
 * has several events (a charge.refunded, then a credit.created). Files before schema 18 keyed it
 * `transaction:<id>` alone; that migration added the type to the verified ones.
 */
function transactionKey(eventType: string | null, transaction: string): string {
  return eventType === null
    ? `transaction:${transaction}`
    : `${eventType}:transaction:${transaction}`;
}

/** Dedupe key: session id + event type, else event type + the processor's transaction id. */
export function eventMeta(body: EventBody | null): EventMeta {
  const d = body?.data?.object?.transaction_details ?? {};
  const c = body?.data?.object?.contact ?? {};
  const eventType = body?.event_type ?? null;
  const sessionId = d.session ?? null;
  const businessKey =
    sessionId !== null && eventType !== null
      ? `${eventType}:session:${sessionId}`
      : d.transaction
        ? transactionKey(eventType, d.transaction)
        : null;
  return { eventType, sessionId, businessKey, email: d.email ?? c.email ?? null };
}

export function customerName(body: EventBody): string | null {
  const c = body.data?.object?.contact ?? {};
  // A company contact's full_name is the company (docs/quaderno-api.md, Events); its first and
  // last names are the person who bought.
  const isCompany = c.kind === 'company';
  return customerDisplayName({
    firstName: c.first_name,
    lastName: c.last_name,
    fullName: isCompany ? null : c.full_name,
    company: isCompany ? c.full_name : null,
  });
}

export function failureMessage(body: EventBody): string | null {
  return body.data?.object?.message?.response_message ?? null;
}

type Json = Record<string, unknown>;

function objectOr(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Json)
    : undefined;
}

function textOr(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/**
 * eventMeta(parseEventBody(json)) without zod, for the request path: every delivery needs
 * only these four fields before its commit, and the full parse was a tenth of the receiver's
 * CPU under load. Same answers (a unit test holds them side by side).
 */
export function eventMetaOf(json: Json): EventMeta {
  const object = objectOr(objectOr(json.data)?.object);
  const d = objectOr(object?.transaction_details) ?? {};
  const c = objectOr(object?.contact) ?? {};
  const eventType = textOr(json.event_type);
  const s = d.session;
  const n = typeof s === 'number' ? s : typeof s === 'string' && /^\d+$/.test(s) ? Number(s) : NaN;
  const sessionId = Number.isSafeInteger(n) ? n : null;
  const transaction = textOr(d.transaction);
  const businessKey =
    sessionId !== null && eventType !== null
      ? `${eventType}:session:${sessionId}`
      : transaction
        ? transactionKey(eventType, transaction)
        : null;
  return { eventType, sessionId, businessKey, email: textOr(d.email) ?? textOr(c.email) };
}

/**
 * Whether a body reads as a Quaderno event: a type and a data object (docs/quaderno-api.md,
 * Events). Quarantined bodies that do not are junk, kept within a limit of their own.
 */
export function isReadableEvent(json: Json): boolean {
  return textOr(json.event_type) !== null && objectOr(objectOr(json.data)?.object) !== undefined;
}
