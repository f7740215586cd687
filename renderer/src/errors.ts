import { readErrorPayload, type ErrorPayload } from '../../preload/error-payload';

const FALLBACK_MESSAGE = 'Something went wrong. Try again; if it keeps happening, restart the app.';

/**
 * Whatever a failed `invoke` threw, as the payload main sent. The preload and
 * the test bridge throw ContractError, but an error that crossed Electron's
 * context bridge may have lost its class, so the shape is checked, not the class.
 */
export function toErrorPayload(error: unknown): ErrorPayload {
  const payload = readErrorPayload(error);
  if (payload) return payload;
  if (error instanceof Error && error.message) return { code: 'internal', message: error.message };
  return { code: 'internal', message: FALLBACK_MESSAGE };
}

export interface FormErrors<F extends string> {
  /** One message per known field, shown next to that field. */
  fields: Partial<Record<F, string>>;
  /** Shown above the form when no field explains the failure. */
  general: string | null;
}

/**
 * Splits an error into messages for the form's own fields and a general one.
 * Field messages for keys the form does not show are folded into the general
 * message so nothing the merchant needs to read is dropped.
 */
export function formErrors<F extends string>(
  error: unknown,
  knownFields: readonly F[],
): FormErrors<F> {
  const payload = toErrorPayload(error);
  const fields: Partial<Record<F, string>> = {};
  const stray: string[] = [];
  for (const [key, message] of Object.entries(payload.fields ?? {})) {
    const known = knownFields.find((f) => f === key);
    if (known) fields[known] = message;
    else stray.push(message);
  }
  const hasFieldMessage = Object.keys(fields).length > 0;
  if (!hasFieldMessage) return { fields, general: payload.message };
  return { fields, general: stray.length > 0 ? stray.join(' ') : null };
}

export const noFormErrors = { fields: {}, general: null } as const;
