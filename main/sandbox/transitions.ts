import { isoNow, type CheckoutEventType, type SandboxContext } from './context';
import type { SessionRecord, SessionStatus } from './state';

/** `process` only exists on the control endpoint: it parks a session in `processing`. */
export type CheckoutAction = 'complete' | 'fail' | 'abandon' | 'process';

// An abandoned session stays payable: the console reuses pending or abandoned
// links for the same purchase (docs/quaderno-api.md), so its customer may come back.
// Abandoning again is allowed too and reports checkout.abandoned again.
const ALLOWED_FROM: Record<CheckoutAction, readonly SessionStatus[]> = {
  complete: ['pending', 'processing', 'abandoned'],
  fail: ['pending', 'processing', 'abandoned'],
  abandon: ['pending', 'processing', 'abandoned'],
  process: ['pending', 'abandoned'],
};

const OUTCOME: Record<CheckoutAction, [SessionStatus, CheckoutEventType | null]> = {
  complete: ['completed', 'checkout.succeeded'],
  fail: ['failed', 'checkout.failed'],
  abandon: ['abandoned', 'checkout.abandoned'],
  process: ['processing', null],
};

export function isPayable(session: SessionRecord): boolean {
  return ALLOWED_FROM.complete.includes(session.status);
}

/** Moves a session as a customer on the hosted page would; false when the move is not allowed. */
export function applyCheckoutAction(
  ctx: SandboxContext,
  session: SessionRecord,
  action: CheckoutAction,
): boolean {
  if (!ALLOWED_FROM[action].includes(session.status)) return false;
  const [status, eventType] = OUTCOME[action];
  // Paying passes through `processing` as on Quaderno; the simulated
  // processor answers at once, so from outside it is only seen when a test
  // parks a session there with the `process` control.
  session.status = status;
  session.updated_at = isoNow(ctx);
  ctx.persist.changed();
  if (eventType) ctx.emit(eventType, session.id);
  return true;
}
