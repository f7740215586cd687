import { isObserved, type SandboxContext } from './context';
import { applyCheckoutAction } from './transitions';
import type { SessionRecord } from './state';

export interface LifecycleLimits {
  abandonAfterMs: number;
  removeAbandonedAfterMs: number;
}

function lastActivity(session: SessionRecord): number {
  const updated = Date.parse(session.updated_at);
  const active = session.active_at === undefined ? 0 : Date.parse(session.active_at);
  return Math.max(updated || 0, active || 0);
}

/**
 * The observed profile's clock-driven moves (docs/quaderno-api.md, "Lifecycle"): a pending
 * session idle for `abandonAfterMs` becomes abandoned (with checkout.abandoned), and an
 * abandoned one idle for `removeAbandonedAfterMs` is removed, so a later GET is a 404.
 * Runs before each request and on a timer; the documented profile never moves by itself.
 */
export function sweepLifecycle(ctx: SandboxContext, limits: LifecycleLimits): void {
  if (!isObserved(ctx)) return;
  const now = ctx.now().getTime();
  const removed = new Set<SessionRecord>();
  for (const session of ctx.state.sessions) {
    const idle = now - lastActivity(session);
    if (session.status === 'pending' && idle >= limits.abandonAfterMs) {
      applyCheckoutAction(ctx, session, 'abandon');
    } else if (session.status === 'abandoned' && idle >= limits.removeAbandonedAfterMs) {
      removed.add(session);
    }
  }
  if (removed.size === 0) return;
  for (let i = ctx.state.sessions.length - 1; i >= 0; i -= 1) {
    const session = ctx.state.sessions[i];
    if (session && removed.has(session)) ctx.state.sessions.splice(i, 1);
  }
  ctx.persist.changed();
}

/** How often the timer looks: often enough for a compressed test clock, never busier than 10 ms. */
export function sweepIntervalMs(limits: LifecycleLimits): number {
  return Math.max(10, Math.min(1000, Math.floor(limits.abandonAfterMs / 4)));
}
