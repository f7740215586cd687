// The receiver's two touch points with the links module's sessions.
import type { SessionsRepo } from '../store/sessions';

export type WebhookSessionStatus = 'completed' | 'failed' | 'abandoned';

// Events can arrive out of order (a retry of "abandoned" after the sale): a completed or
// deleted session never moves back.
const FINAL: readonly string[] = ['completed', 'deleted'];

/** True if a session the console knows changed status. Unknown sessions are left to sync. */
export function setSessionStatus(
  sessions: SessionsRepo,
  accountId: number,
  sessionId: number,
  status: WebhookSessionStatus,
): boolean {
  const current = sessions.get(accountId, sessionId);
  if (!current || current.status === status || FINAL.includes(current.status)) return false;
  return sessions.setStatus(accountId, sessionId, status);
}

/** The products of a session the console knows, with names, or null if it does not know it. */
export function sessionProducts(
  sessions: SessionsRepo,
  accountId: number,
  sessionId: number,
): Array<{ code: string; name: string | null }> | null {
  const items = sessions.get(accountId, sessionId)?.items ?? [];
  return items.length > 0 ? items.map((i) => ({ code: i.product, name: i.name })) : null;
}
