// Contract: how a failure crosses the boundary. Main builds these payloads (main/errors.ts),
// and the preload, the renderer and the HTTP test bridge read them with the schemas below.
import { z } from 'zod';
import { errorCodes, type ErrorPayload } from './error-payload';

export { errorCodes, type ErrorCode, type ErrorPayload } from './error-payload';

/** How every error crosses the boundary. `fields` maps input paths to messages. */
export const errorPayloadSchema = z.object({
  code: z.enum(errorCodes),
  message: z.string(),
  fields: z.record(z.string(), z.string()).optional(),
}) satisfies z.ZodType<ErrorPayload>;

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ErrorPayload };

/** A reply as a transport receives it: the value is typed by the method, not checked here. */
export const envelopeSchema = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: errorPayloadSchema }),
]);
