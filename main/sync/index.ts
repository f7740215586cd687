// Reconciliation: pulls the session states the receiver missed (laptop closed, tunnel down,
// webhook deleted by Quaderno after a failed retry — docs/quaderno-api.md › Webhooks) and records
// completed sales no webhook reported.
import type { SyncResult } from '../../preload/contract';
import { ConsoleError, isConsoleError } from '../errors';
import { isStoppedCall, type QuadernoClient, type SessionStatus } from '../quaderno';
import { SYNC_STOPPED, type Store, type SyncCursors } from '../store';
import type { Registrar } from '../webhooks';
import { countingClient } from './counting-client';
import { noteCutShort } from './cut-short';
import { recheckOpenSessions } from './recheck-open';
import { reconcileStatus, type StatusOutcome } from './reconcile-status';

export type SyncStore = Pick<
  Store,
  'sessions' | 'fulfillments' | 'activity' | 'products' | 'syncRuns' | 'transaction'
> &
  Partial<Pick<Store, 'events'>>;

/** Quarantined deliveries one run settles at most (the rest at the next run). */
const SETTLED_PER_RUN = 1000;

export interface SyncDeps {
  client: QuadernoClient;
  /** The repos a sync writes through; the store's clock stamps their rows. */
  store: SyncStore;
  accountId: number;
  registrar?: Registrar;
  onFulfillment?: (accountId: number, ids: number[]) => void;
  onSessionStatus?: (accountId: number, sessionIds: number[]) => void;
  now?: () => string;
  /** Page size, 1–100; default 100 (the most Quaderno gives per call). */
  pageSize?: number;
}

export interface Sync {
  /** Runs a reconciliation; a call while one is running shares that run. */
  run(): Promise<SyncResult>;
}

// Completed first: those are the sales. Pending last: a link the merchant's website (not this
// console) made is known only from this list, and must be known to be asked about one by one
// (recheck-open.ts) once it is paid below where the completed pass stops.
export const SYNC_STATUSES: readonly SessionStatus[] = [
  'completed',
  'failed',
  'abandoned',
  'processing',
  'pending',
];

/** The cursor where the next run's turn of older open links begins (recheck-open.ts). */
const RECHECK_CURSOR = 'recheck_below';

export function createSync(deps: SyncDeps): Sync {
  const now = deps.now ?? (() => new Date().toISOString());
  const runs = deps.store.syncRuns;
  const { sessions, fulfillments, activity, products, transaction } = deps.store;
  const repos = { sessions, fulfillments, activity, products, transaction };
  let inFlight: Promise<SyncResult> | null = null;

  async function runOnce(): Promise<SyncResult> {
    const { accountId } = deps;
    const startedAt = now();
    const runId = runs.start(accountId);
    const counted = countingClient(deps.client);
    // A failed run keeps what it finished (a status pass read to the end, the turn of older open
    // links): a listing Quaderno answers badly on every run must not hold the turn on the same
    // few links for good while the rest are never asked about.
    const previous = runs.lastCursors(accountId);
    const cursors: SyncCursors = { ...previous };
    const totals: StatusOutcome = {
      seen: 0,
      updated: 0,
      fulfillmentIds: [],
      enrichedIds: [],
      changedSessionIds: [],
    };
    let webhookRecreated = false;
    const add = (o: StatusOutcome) => {
      totals.seen += o.seen;
      totals.updated += o.updated;
      totals.fulfillmentIds.push(...o.fulfillmentIds);
      totals.enrichedIds.push(...o.enrichedIds);
      totals.changedSessionIds.push(...o.changedSessionIds);
    };
    // Below this id some status list was not read this run.
    let unreadBelow = 0;
    // What the status lists read this run needs no asking about one by one.
    const listed: ReadonlySet<number>[] = [];
    // Each status pass that finished: whether its list was cut short (cut-short.ts).
    const passes = new Map<SessionStatus, boolean>();
    // A listing Quaderno answers in a way the console cannot follow fails its own stage only:
    // the other statuses, the links asked about one by one and the webhook (the only way back
    // for live sales after Quaderno deleted it) still run, then the run reports that failure.
    // Errors about the account, the network or a stop end the run at once.
    let firstFailure: ConsoleError | null = null;
    const stage = async (work: () => Promise<void>): Promise<boolean> => {
      try {
        await work();
        return true;
      } catch (e) {
        if (!isConsoleError(e) || e.code !== 'bad_response') throw e;
        firstFailure ??= e;
        return false;
      }
    };
    try {
      for (const status of SYNC_STATUSES) {
        const read = await stage(async () => {
          const outcome = await reconcileStatus({
            client: counted.client,
            accountId,
            status,
            previousNewest: previous[status] ?? null,
            pageSize: deps.pageSize ?? 100,
            now,
            ...repos,
          });
          add(outcome);
          listed.push(outcome.read);
          passes.set(status, outcome.cutShort);
          if (outcome.stoppedAt !== null) unreadBelow = Math.max(unreadBelow, outcome.stoppedAt);
          if (outcome.newest !== null)
            cursors[status] = Math.max(outcome.newest, previous[status] ?? 0);
        });
        // A pass cut short may have left any open link unread: each is asked about in turn.
        if (!read) unreadBelow = Number.MAX_SAFE_INTEGER;
      }
      noteCutShort(deps.store.activity, accountId, passes, previous, cursors);
      if (unreadBelow > 0) {
        await stage(async () => {
          const rechecked = await recheckOpenSessions(
            { client: counted.client, accountId, now, ...repos },
            unreadBelow,
            previous[RECHECK_CURSOR] ?? null,
            (id) => listed.some((read) => read.has(id)),
          );
          add(rechecked);
          firstFailure ??= rechecked.failure;
          if (rechecked.resumeBelow === null) delete cursors[RECHECK_CURSOR];
          else cursors[RECHECK_CURSOR] = rechecked.resumeBelow;
        });
      }
      // A quarantined delivery (held while the key could not be read, or signed in a way we do
      // not know) whose sale Quaderno now shows paid, to the email it names, is that sale's
      // event: it stops reading as "Quarantined" in Activity.
      deps.store.events?.settleKnownSales(accountId, SETTLED_PER_RUN);
      webhookRecreated = await recreateWebhook(deps.registrar);
      if (firstFailure) throw firstFailure;
    } catch (e) {
      // A run its caller stopped (live restarted, the console closing) did not fail: the next
      // run covers it, and Activity says so rather than "failed".
      const message = isStoppedCall(e) ? SYNC_STOPPED : e instanceof Error ? e.message : String(e);
      runs.fail(runId, message, {
        sessionsSeen: totals.seen,
        sessionsUpdated: totals.updated,
        fulfillmentsAdded: totals.fulfillmentIds.length,
        webhookRecreated,
        apiCalls: counted.calls(),
        cursors,
      });
      notify(deps, totals);
      throw e instanceof ConsoleError ? e : new ConsoleError('internal', message, { cause: e });
    }
    const result: SyncResult = {
      startedAt,
      finishedAt: now(),
      sessionsSeen: totals.seen,
      sessionsUpdated: totals.updated,
      fulfillmentsAdded: totals.fulfillmentIds.length,
      webhookRecreated,
      apiCalls: counted.calls(),
    };
    // The sync_runs row is the run's entry in the activity log (main/sales reads it).
    runs.finish(runId, { ...result, cursors });
    notify(deps, totals);
    return result;
  }

  return {
    run() {
      inFlight ??= runOnce().finally(() => {
        inFlight = null;
      });
      return inFlight;
    },
  };
}

// Quaderno deletes a webhook after its retry fails too; sync is when we notice and put it back.
async function recreateWebhook(registrar: Registrar | undefined): Promise<boolean> {
  if (!registrar) return false;
  return (await registrar.verify())?.recreated ?? false;
}

function notify(deps: SyncDeps, totals: StatusOutcome): void {
  const changed = [...totals.fulfillmentIds, ...totals.enrichedIds];
  if (changed.length > 0) deps.onFulfillment?.(deps.accountId, changed);
  if (totals.changedSessionIds.length > 0) {
    deps.onSessionStatus?.(deps.accountId, totals.changedSessionIds);
  }
}
