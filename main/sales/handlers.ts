// The sales screen's contract methods: the activity log, event detail and reprocessing, every
// fulfillments.* method (fulfillment-handlers.ts), CSV export and the desktop's "open this
// sale". Reads through the store's repos; the receiver and sync own every write to the sales.
import type { EventName, Events } from '../../preload/contract';
import type { Handlers } from '../dispatch';
import { ConsoleError } from '../errors';
import { notFound, type Store } from '../store';
import { listActivity } from './activity';
import { saveExport } from './export-save';
import { createFulfillmentHandlers, type FulfillmentHandlers } from './fulfillment-handlers';

export type SalesHandlers = FulfillmentHandlers &
  Pick<
    Handlers,
    'activity.list' | 'events.get' | 'events.reprocess' | 'export.csv' | 'desk.takeFocus'
  >;

/** Saves `content` (the file's text in chunks) where the merchant picks; null when they cancel. */
export type SaveFile = (suggestedName: string, content: Iterable<string>) => Promise<string | null>;

export interface ReprocessOutcome {
  fulfillmentId: number | null;
  /** Sessions whose status changed. */
  sessionIds: number[];
  error: string | null;
}

/** The repos the sales screen reads (and the activity it adds when a sale is delivered). */
export type SalesStore = Pick<
  Store,
  'activity' | 'activityLog' | 'fulfillments' | 'refunds' | 'sales' | 'sessions' | 'file'
>;

export interface SalesDeps {
  store: SalesStore;
  activeAccount(): { id: number } | null;
  /** The app's save dialog; absent in the CLI and headless runs. */
  saveFile?: SaveFile | undefined;
  /** Runs the receiver's processing again for one stored event (main/receiver processEvent). */
  reprocess?: ((accountId: number, eventId: number) => ReprocessOutcome) | undefined;
  emit<E extends EventName>(name: E, payload: Events[E]): void;
  /** Hears every desk.focusFulfillment sent, so a page that missed it can ask later. */
  onFocus?: ((listener: (id: number) => void) => void) | undefined;
  now?: () => Date;
}

/** A focus request older than this is stale: the merchant has moved on. */
const FOCUS_KEPT_MS = 60_000;

export function createSalesHandlers(deps: SalesDeps): SalesHandlers {
  const now = deps.now ?? (() => new Date());
  let pendingFocus: { id: number; at: number } | null = null;
  deps.onFocus?.((id) => {
    pendingFocus = { id, at: now().getTime() };
  });
  const activeAccountId = (): number => {
    const active = deps.activeAccount();
    if (active === null) {
      throw new ConsoleError('no_account', 'Add a Quaderno account or use the sandbox first.');
    }
    return active.id;
  };
  return {
    ...createFulfillmentHandlers({
      store: deps.store,
      accountId: activeAccountId,
      onChanged: (_, ids) => deps.emit('fulfillments.changed', { ids }),
      // The worker looks at once: console.ts wakes it on every fulfillments.changed.
      onRequeued: (jobs) => {
        for (const job of jobs) {
          deps.emit('jobs.changed', { saleId: job.saleId, jobId: job.id, status: 'pending' });
        }
      },
      now,
    }),
    'activity.list': async (q) => listActivity(deps.store, activeAccountId(), q),
    'events.get': async ({ id }) => {
      const detail = deps.store.activityLog.eventDetail(activeAccountId(), id);
      if (!detail) throw notFound('event');
      return detail;
    },
    'events.reprocess': async ({ id }) => {
      const accountId = activeAccountId();
      const event = deps.store.activityLog.event(accountId, id);
      if (!event) throw notFound('event');
      if (!event.canReprocess) {
        const why =
          event.verification === 'invalid'
            ? 'it failed the signature check and stays quarantined'
            : 'it was already processed';
        throw new ConsoleError('invalid_input', `This event cannot be processed again: ${why}.`);
      }
      if (!deps.reprocess) {
        throw new ConsoleError(
          'internal',
          'Processing events again is not available in this build. Run a sync instead.',
        );
      }
      const outcome = deps.reprocess(accountId, id);
      if (outcome.fulfillmentId !== null) {
        deps.emit('fulfillments.changed', { ids: [outcome.fulfillmentId] });
      }
      if (outcome.sessionIds.length > 0) deps.emit('links.changed', { ids: outcome.sessionIds });
      deps.emit('activity.changed', {});
      return deps.store.activityLog.event(accountId, id) ?? event;
    },
    'desk.takeFocus': async () => {
      const pending = pendingFocus;
      pendingFocus = null;
      const fresh = pending !== null && now().getTime() - pending.at <= FOCUS_KEPT_MS;
      return { id: fresh ? pending.id : null };
    },
    'export.csv': async ({ what, format, filter, timeZone }) => {
      const accountId = activeAccountId();
      if (!deps.saveFile) {
        throw new ConsoleError(
          'internal',
          'Saving files needs the desktop app. From a terminal, run: checkout-console export --what ' +
            what,
        );
      }
      return saveExport(
        deps.store,
        accountId,
        { what, format, filter, timeZone },
        deps.saveFile,
        now(),
      );
    },
  };
}
