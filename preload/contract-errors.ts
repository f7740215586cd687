// Contract: how a failure crosses the boundary. Main builds these payloads (main/errors.ts),
// and the preload, the renderer and the HTTP test bridge read them with the schemas below.
import { z } from 'zod';

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
export const errorPayloadSchema = z.object({
  code: z.enum(errorCodes),
  message: z.string(),
  fields: z.record(z.string(), z.string()).optional(),
});
export type ErrorPayload = z.infer<typeof errorPayloadSchema>;

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ErrorPayload };

/** A reply as a transport receives it: the value is typed by the method, not checked here. */
export const envelopeSchema = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: errorPayloadSchema }),
]);
