// Runs the API confirmations of badly signed events off the request path: one question per
// session at a time, a fixed share of the account's rate limit at most (forged session ids must
// not spend the merchant's API quota), a session Quaderno does not know or show as paid asked
// once, and abortable at close so a stuck call cannot hold the shutdown.
import type { Repos } from '../store';
import { confirmQuarantined, type Quarantined } from './confirm';
import { createRateBudget } from './budgets';
import type { Notices } from './notices';
import type { ProcessResult } from './process';
import type { ReceiverOptions } from './types';
import { settleWithin } from './settle';

/** How long close() waits for API confirmations that were already running. */
const CLOSE_WAIT_MS = 2_000;
/** Sessions remembered as unknown or unpaid, per receiver (oldest forgotten first). */
const UNKNOWN_KEPT = 10_000;

export interface Confirmer {
  confirmLater(q: Quarantined): void;
  /** Aborts running confirmations and waits CLOSE_WAIT_MS for them at most. */
  close(): Promise<void>;
}

export function createConfirmer(deps: {
  repos: Repos;
  confirm: ReceiverOptions['confirm'];
  perMinute: number;
  announce(results: Array<ProcessResult | null>): void;
  notices: Notices;
  /** A delivery no scheme verified proved real: the account's scheme is not one we know. */
  onConfirmed?(accountId: number): void;
}): Confirmer {
  const { repos, confirm } = deps;
  const pending = new Set<Promise<unknown>>();
  const confirming = new Set<string>();
  // A forged flood names made-up sessions; each is asked once. A real sale whose delivery
  // came too early (not paid yet) is still recorded by the next sync.
  const unknown = new Set<string>();
  const budget = createRateBudget(deps.perMinute);
  const stopping = new AbortController();

  return {
    confirmLater(q) {
      if (!confirm || q.sessionId === null || q.eventType !== 'checkout.succeeded') return;
      const key = `${q.accountId}:${q.sessionId}`;
      if (confirming.has(key) || unknown.has(key) || stopping.signal.aborted) return;
      // Over budget: left quarantined; a real sale reaches the console through the next sync.
      if (!budget.take(q.accountId)) return deps.notices.note(q.accountId, 'confirm_skipped', 1);
      confirming.add(key);
      const tracked: Promise<unknown> = confirmQuarantined(repos, q, confirm, stopping.signal)
        .then(({ verdict, result }) => {
          if (verdict === 'unknown') {
            unknown.add(key);
            // Sets iterate in insertion order: the first is the oldest.
            if (unknown.size > UNKNOWN_KEPT) unknown.delete(unknown.values().next().value ?? '');
          }
          // The sale is told first: remembering the scheme is a write that may be refused.
          deps.announce([result]);
          if (verdict === 'confirmed') deps.onConfirmed?.(q.accountId);
        })
        .catch(() => undefined)
        .finally(() => {
          confirming.delete(key);
          pending.delete(tracked);
        });
      pending.add(tracked);
    },
    async close() {
      stopping.abort();
      // An event whose confirmation is abandoned stays quarantined; the next sync records the
      // sale if Quaderno shows it paid.
      await settleWithin(pending, CLOSE_WAIT_MS);
    },
  };
}
