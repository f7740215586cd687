// How the page tells a link kept as a draft from a failure, zod-free for the first screen
// (issue 16, first paint); contract-links.ts re-exports it.

/** The words the form shows, and links.create's error message, when a link is kept as a draft. */
export const DRAFT_SAVED_MESSAGE = 'Saved as a draft: it will be created when Quaderno is back.';

/**
 * Whether a failed links.create kept the link as a draft: an `offline` error whose message
 * starts with those words (what Quaderno's failure said follows them).
 */
export function isDraftSaved(error: { code: string; message: string }): boolean {
  return error.code === 'offline' && error.message.startsWith(DRAFT_SAVED_MESSAGE);
}
