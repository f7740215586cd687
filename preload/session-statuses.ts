// A link's checkout session states, zod-free so the page's first screen can list them without
// the contract's schemas (issue 16, first paint); contract-links.ts re-exports them.

export const sessionStatuses = [
  'pending',
  'processing',
  'completed',
  'failed',
  'abandoned',
  'deleted',
] as const;
export type SessionStatus = (typeof sessionStatuses)[number];

export function isSessionStatus(value: string): value is SessionStatus {
  return (sessionStatuses as readonly string[]).includes(value);
}

/**
 * Statuses no later report moves a link out of. A completed session is final at Quaderno (it is
 * never reused). A deleted one is gone: the merchant cancelled it (only a pending session can be
 * deleted) or Quaderno answered 404/410 for it, so a list that still shows it was read before.
 */
export const FINAL_SESSION_STATUSES: readonly SessionStatus[] = ['completed', 'deleted'];

/**
 * The status a link keeps when a report (a list page, a single read, a webhook) says `reported`
 * and the console holds `current`. Reports arrive out of order — a list read before a webhook
 * landed, a stale page served again — and sessions carry no time to order them by
 * (docs/quaderno-api.md › Where the real service differs), so the rule rests on the lifecycle:
 * nothing leaves a final status; every other move is one Quaderno itself makes and the report
 * wins: abandoned → pending or completed (the customer came back), failed → pending (a failed
 * payment may show as pending until verified, and the customer may try again), processing →
 * pending (the attempt ended).
 */
export function settledStatus(
  current: SessionStatus | null,
  reported: SessionStatus,
): SessionStatus {
  return current !== null && FINAL_SESSION_STATUSES.includes(current) ? current : reported;
}
