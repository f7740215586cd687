import { useEffect, useRef } from 'react';
import { isDraftSaved } from '../../../preload/contract';
import { toErrorPayload } from '../errors';

/** main's words when a failed links.create kept the link as a draft; null for any other failure. */
export function draftSavedMessage(error: unknown): string | null {
  if (error === null || error === undefined) return null;
  const payload = toErrorPayload(error);
  return isDraftSaved(payload) ? payload.message : null;
}

/**
 * The form's answer when the link was kept as a draft: news, styled as such, not an error. It
 * starts "Saved as a draft…" and goes on with what Quaderno's failure was (the sandbox stopped,
 * no connection). Announced at once and brought into view and focused like a form's failure,
 * so the merchant at a small window sees it.
 */
export function DraftSavedNotice({ message }: { message: string }) {
  const ref = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    ref.current?.scrollIntoView({ block: 'nearest' });
    ref.current?.focus();
  }, []);
  return (
    <p ref={ref} className="notice notice-draft" role="alert" tabIndex={-1}>
      {message} It is listed under Drafts.
    </p>
  );
}
