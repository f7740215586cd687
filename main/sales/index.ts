// The fulfilment desk: activity log, event detail and reprocessing, one sale, sales totals
// and chart, and CSV export (issue: fulfilment desk). Reads through the store's repos; the
// receiver and sync own every write to the tables it reads.
import type { EventName, Events } from '../../preload/contract';
import type { Handlers } from '../dispatch';
import { ConsoleError } from '../errors';
import type { Store } from '../store';
import { getActivityEvent, getEventDetail, listActivity } from './activity';
import { exportCsv } from './export';
import { getFulfillment } from './fulfillment-rows';
import { salesChart, salesTotals } from './totals';

export { toCsv, csvField, csvLine, type CsvCell } from './csv';
export { exportCsv, type CsvExport, type ExportWhat } from './export';
export {
  countUndelivered,
  getFulfillment,
  listFulfillments,
  type FulfillmentFilter,
} from './fulfillment-rows';
export { minorToDecimal } from './money';
export { salesChart, salesTotals } from './totals';
export { listActivity } from './activity';

export type DeskHandlers = Pick<
  Handlers,
  | 'activity.list'
  | 'events.get'
  | 'events.reprocess'
  | 'fulfillments.get'
  | 'fulfillments.totals'
  | 'fulfillments.chart'
  | 'export.csv'
  | 'desk.takeFocus'
>;

/** Saves `content` where the merchant picks; null when they cancel. */
export type SaveFile = (suggestedName: string, content: string) => Promise<string | null>;

export interface ReprocessOutcome {
  fulfillmentId: number | null;
  /** Sessions whose status changed. */
  sessionIds: number[];
  error: string | null;
}

/** The repos the desk reads. */
export type DeskStore = Pick<Store, 'activityLog' | 'fulfillments' | 'sales' | 'sessions'>;

export interface DeskDeps {
  store: DeskStore;
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

function notFound(what: string): ConsoleError {
  return new ConsoleError(
    'not_found',
    `That ${what} is not in this account's history. Refresh the list.`,
  );
}

export function createDeskHandlers(deps: DeskDeps): DeskHandlers {
  const now = deps.now ?? (() => new Date());
  let pendingFocus: { id: number; at: number } | null = null;
  deps.onFocus?.((id) => {
    pendingFocus = { id, at: now().getTime() };
  });
  const activeAccountId = (): number => {
    const active = deps.activeAccount();
    if (active === null) {
      throw new ConsoleError('no_account', 'Connect an account or try the sandbox first.');
    }
    return active.id;
  };
  return {
    'activity.list': async (q) => listActivity(deps.store, activeAccountId(), q),
    'events.get': async ({ id }) => {
      const detail = getEventDetail(deps.store, activeAccountId(), id);
      if (!detail) throw notFound('event');
      return detail;
    },
    'events.reprocess': async ({ id }) => {
      const accountId = activeAccountId();
      const event = getActivityEvent(deps.store, accountId, id);
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
      return getActivityEvent(deps.store, accountId, id) ?? event;
    },
    'fulfillments.get': async ({ id }) => {
      const sale = getFulfillment(deps.store, activeAccountId(), id);
      if (!sale) throw notFound('sale');
      return sale;
    },
    'fulfillments.totals': async ({ utcOffsetMinutes }) =>
      salesTotals(deps.store, activeAccountId(), { now: now(), utcOffsetMinutes }),
    'fulfillments.chart': async ({ utcOffsetMinutes }) =>
      salesChart(deps.store, activeAccountId(), { now: now(), utcOffsetMinutes }),
    'desk.takeFocus': async () => {
      const pending = pendingFocus;
      pendingFocus = null;
      const fresh = pending !== null && now().getTime() - pending.at <= FOCUS_KEPT_MS;
      return { id: fresh ? pending.id : null };
    },
    'export.csv': async ({ what, filter }) => {
      const accountId = activeAccountId();
      if (!deps.saveFile) {
        throw new ConsoleError(
          'internal',
          'Saving files needs the desktop app. From a terminal, run: checkout-console export --what ' +
            what,
        );
      }
      const csv = exportCsv(deps.store, accountId, what, { now: now(), filter: filter ?? {} });
      const path = await deps.saveFile(csv.fileName, csv.content);
      return { path, rows: csv.rows };
    },
  };
}
