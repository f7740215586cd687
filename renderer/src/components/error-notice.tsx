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

export function MessageNotice({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <p className="notice notice-error" role="alert">
      {message}
    </p>
  );
}
