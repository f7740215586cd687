import type { Ref } from 'react';
import { toErrorPayload } from '../errors';

/**
 * A general failure, announced to screen readers as it appears. Given a `ref`, it is focusable
 * (not in the tab order), for a screen that moves the focus to it when its control went.
 */
export function ErrorNotice({ error, ref }: { error: unknown; ref?: Ref<HTMLParagraphElement> }) {
  if (error === null || error === undefined) return null;
  return (
    <p
      ref={ref}
      className="notice notice-error"
      role="alert"
      tabIndex={ref === undefined ? undefined : -1}
    >
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
