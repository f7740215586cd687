// Deliveries held because the account's auth key could not be read (keychain locked, the key
// still being recovered from Quaderno): stored and answered 200, so Quaderno never sends them
// again. Once the key reads (a later delivery reads it, or the retry timer does), each is checked
// over its stored body as if it had just arrived: one that verifies becomes the stored event
// through the writer (the same group commit and dedupe as a delivery: a sale sync already
// recorded is enriched, never made twice); one that does not keeps its new reason and is not
// checked again.
import type { HeldEvent, Repos } from '../store';
import type { Writer } from './batching';
import { decodeBody } from './decode';
import { eventMetaOf } from './payload';
import type { SchemeMemory } from './schemes';
import { settleWithin } from './settle';
import { verifySignature, type SigningTarget } from './signature';
import type { ReceiverRoute } from './types';

/** How often accounts with held deliveries try their key again. */
export const DEFAULT_HELD_RETRY_MS = 30_000;
/** Held deliveries read per look-up, and look-ups per check (a check covers 5,000 at most). */
const BATCH = 50;
const MAX_BATCHES = 100;
/** How long close() waits for a check in progress. */
const CLOSE_WAIT_MS = 2_000;

export interface HeldDeliveries {
  /** The account's key could not be read: a delivery was held, and the key is tried again. */
  keyUnreadable(route: ReceiverRoute): void;
  /** The account's key was read: what it holds is checked (once per run unless held again). */
  keyRead(route: ReceiverRoute, targets: SigningTarget[]): void;
  close(): Promise<void>;
}

export function createHeldDeliveries(deps: {
  repos: Repos;
  writer: Pick<Writer, 'insertVerified' | 'process'>;
  schemes: SchemeMemory;
  retryMs: number;
}): HeldDeliveries {
  const { repos, writer, schemes } = deps;
  // Accounts whose key failed in this run, with the route that reads it.
  const waiting = new Map<number, ReceiverRoute>();
  // Accounts checked since their key last failed: a delivery then costs no look-up.
  const checked = new Set<number>();
  const running = new Map<number, Promise<void>>();
  // Accounts whose key the timer is reading: a read that hangs is not asked again meanwhile.
  const trying = new Set<number>();
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  function retryLater(): void {
    if (timer !== undefined || closed || waiting.size === 0) return;
    timer = setTimeout(() => {
      timer = undefined;
      for (const route of [...waiting.values()]) {
        if (trying.has(route.accountId)) continue;
        trying.add(route.accountId);
        route
          .signingTargets()
          .then(
            (targets) => api.keyRead(route, targets),
            () => undefined, // still unreadable: tried again at the next tick
          )
          .finally(() => trying.delete(route.accountId));
      }
      retryLater();
    }, deps.retryMs).unref();
  }

  async function recheck(route: ReceiverRoute, targets: SigningTarget[]): Promise<void> {
    const { accountId } = route;
    // Off the delivery's own path: the key was read for it, and it is answered first.
    await new Promise((resolve) => setImmediate(resolve));
    let afterId = 0;
    for (let n = 0; n < MAX_BATCHES; n += 1) {
      if (closed || !repos.isOpen()) return;
      const rows = repos.events.heldForKey(accountId, afterId, BATCH);
      if (rows.length === 0) {
        checked.add(accountId);
        return;
      }
      afterId = rows[rows.length - 1]?.id ?? afterId;
      await Promise.all(rows.map((row) => recheckOne(accountId, row, targets)));
    }
  }

  async function recheckOne(accountId: number, row: HeldEvent, targets: SigningTarget[]) {
    // The stored text of a JSON delivery is its bytes as they came (UTF-8). One whose stored
    // text was rebuilt (a form, a byte order mark, another charset) fails here and says so.
    const decoded = decodeBody(Buffer.from(row.body, 'utf8'), row.headers['content-type']);
    const check =
      decoded.json === null
        ? { ok: false as const, reason: decoded.problem ?? 'The body is not a JSON object.' }
        : verifySignature(
            row.headers['x-quaderno-signature'],
            decoded,
            targets,
            schemes.preferred(accountId),
          );
    if (!check.ok) {
      const reason = `Checked again once the auth key could be read: ${check.reason}`;
      // Derived (the row is on disk either way), and never a wait for another connection's
      // lock on this thread: refused now, it is checked again at the next chance.
      repos.derivedTransaction(() => repos.events.setReason(row.id, reason), {
        waitForLock: false,
      })();
      return;
    }
    const meta = eventMetaOf(decoded.json ?? {});
    const { id, duplicate } = await writer.insertVerified({
      accountId,
      body: decoded.text,
      headers: row.headers,
      eventType: meta.eventType,
      sessionId: meta.sessionId,
      businessKey: meta.businessKey,
    });
    if (!duplicate) writer.process(accountId, id);
    schemes.seen(accountId, check.scheme);
  }

  const api: HeldDeliveries = {
    keyUnreadable(route) {
      if (closed) return;
      waiting.set(route.accountId, route);
      checked.delete(route.accountId);
      retryLater();
    },
    keyRead(route, targets) {
      const { accountId } = route;
      // No webhook registered yet is no key read.
      if (closed || targets.length === 0 || checked.has(accountId) || running.has(accountId)) {
        return;
      }
      waiting.delete(accountId);
      const run = recheck(route, targets)
        .catch(() => {
          // The store refused (locked, full): checked again when the key next reads.
          waiting.set(accountId, route);
          retryLater();
        })
        .finally(() => running.delete(accountId));
      running.set(accountId, run);
    },
    async close() {
      closed = true;
      clearTimeout(timer);
      await settleWithin(running.values(), CLOSE_WAIT_MS);
    },
  };
  return api;
}
