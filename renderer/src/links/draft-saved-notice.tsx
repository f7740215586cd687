import { useEffect, useRef } from 'react';
import { DRAFT_SAVED_MESSAGE, isDraftSaved } from '../../../preload/contract';
import { toErrorPayload } from '../errors';

/** Whether a failed links.create kept the link as a draft (main says so in its error). */
export function savedAsDraft(error: unknown): boolean {
  return error !== null && error !== undefined && isDraftSaved(toErrorPayload(error));
}

/**
 * The form's answer when the link was kept as a draft: news, not an error. Brought into view
 * and focused like a form's failure, so the merchant at a small window sees it.
 */
export function DraftSavedNotice() {
  const ref = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    ref.current?.scrollIntoView({ block: 'nearest' });
    ref.current?.focus();
  }, []);
  return (
    <p ref={ref} className="notice" role="status" tabIndex={-1}>
      {DRAFT_SAVED_MESSAGE} It is listed under Drafts.
    </p>
  );
}
