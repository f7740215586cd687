import { toErrorPayload } from '../errors';

/** A general failure, announced to screen readers as it appears. */
export function ErrorNotice({ error }: { error: unknown }) {
  if (error === null || error === undefined) return null;
  return (
    <p className="notice notice-error" role="alert">
      {toErrorPayload(error).message}
    </p>
  );
}

/**
 * A form's failure that names no field. Focusable (not in the tab order) so a form
 * can move the merchant to it after a failed submit (useFocusFirstInvalid).
 */
export function MessageNotice({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <p className="notice notice-error" role="alert" tabIndex={-1}>
      {message}
    </p>
  );
}
