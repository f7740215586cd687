// The activity log: received webhook events (quarantined ones too), sync runs and the
// happenings other services log, merged newest first and paged here from the store's sources.
import type {
  ActivityEvent,
  ActivityItem,
  ActivityKind,
  ActivitySync,
} from '../../preload/contract';
import { SYNC_STOPPED, type ActivityLogRepo, type Store } from '../store';
import { salePaidLine } from './activity-words';

type ActivityStore = Pick<Store, 'activityLog' | 'fulfillments'>;
type ActivitySource = Parameters<ActivityLogRepo['count']>[0];
type ActivityEntry = ReturnType<ActivityLogRepo['logById']>;

// The merged log leaves out events processed cleanly: each wrote its own line (a sale, a failed
// payment) and would only repeat it in raw words. 'event' alone lists every delivery.
const MERGED: ActivitySource[] = ['attention', 'sync', 'log'];

const eventWords: Record<string, string> = {
  'checkout.succeeded': 'payment',
  'checkout.failed': 'failed payment',
  'checkout.abandoned': 'abandoned checkout',
};

/** What Quaderno told, in words: the session id and the event type stay in the dialog. */
export function eventMessage(e: ActivityEvent): string {
  const what =
    e.eventType === null
      ? 'an unreadable message'
      : `a ${eventWords[e.eventType] ?? `${e.eventType} message`}`;
  // Kept and answered 200, and anyone with the address can send one: it is neither refused nor
  // known to be Quaderno's ("Refused a payment from Quaderno" read as a customer turned away).
  if (e.verification === 'invalid') {
    const reason = (e.reason ?? 'the signature did not match').replace(/\.?$/, '.');
    return `Quarantined ${what}, not known to come from Quaderno: ${reason}`;
  }
  const how = e.verification === 'confirmed' ? ' (confirmed with Quaderno)' : '';
  if (e.processError)
    return `Quaderno sent ${what}${how} that could not be recorded: ${e.processError}`;
  if (e.processedAt === null) return `Quaderno sent ${what}${how}; not recorded yet.`;
  return `Quaderno sent ${what}${how}; recorded.`;
}

function syncMessage(s: ActivitySync): string {
  // Holds the error itself: the row then shows no separate error line.
  if (s.error === SYNC_STOPPED) return `Checking with Quaderno: ${SYNC_STOPPED}`;
  if (s.error) return `Checking with Quaderno failed: ${s.error}`;
  if (s.finishedAt === null) return 'Checking with Quaderno…';
  const sales = s.fulfillmentsAdded === 1 ? '1 sale' : `${s.fulfillmentsAdded} sales`;
  const recreated = s.webhookRecreated ? '; live sales reconnected' : '';
  const checkouts = s.sessionsSeen === 1 ? '1 checkout' : `${s.sessionsSeen} checkouts`;
  return `Checked ${checkouts} with Quaderno: ${s.sessionsUpdated} changed, ${sales} found${recreated}.`;
}

/**
 * Lines written before issue 17 said "Sale: x paid €49.00 (session 5001).": the sale they name
 * tells it again in the merchant's words. Anything else reads as it was written.
 */
function logMessage(store: ActivityStore, accountId: number, r: ActivityEntry): string {
  const legacySale =
    (r.kind === 'sale' || r.kind === 'sale_confirmed') && r.message.startsWith('Sale: ');
  const id = r.detail['fulfillmentId'];
  if (!legacySale || typeof id !== 'number') return r.message;
  const sale = store.fulfillments.get(accountId, id);
  return sale ? salePaidLine(sale) : r.message;
}

function newestFirst(
  a: { kind: ActivityKind; id: number; at: string },
  b: { kind: ActivityKind; id: number; at: string },
): number {
  if (a.at !== b.at) return a.at < b.at ? 1 : -1;
  if (a.kind !== b.kind) return a.kind < b.kind ? -1 : 1;
  return b.id - a.id;
}

export function listActivity(
  store: ActivityStore,
  accountId: number,
  q: { kind?: ActivityKind | undefined; limit: number; offset: number },
): { items: ActivityItem[]; total: number } {
  const log = store.activityLog;
  const sources = q.kind ? [q.kind] : MERGED;
  const depth = q.offset + q.limit;
  let total = 0;
  const rows: Array<{ kind: ActivityKind; id: number; at: string }> = [];
  for (const source of sources) {
    const kind = source === 'attention' ? 'event' : source;
    total += log.count(source, accountId);
    for (const r of log.newest(source, accountId, depth)) rows.push({ kind, id: r.id, at: r.at });
  }
  const page = rows.sort(newestFirst).slice(q.offset, depth);
  const items = page.map(({ kind, id }): ActivityItem => {
    if (kind === 'event') {
      const event = log.eventById(id);
      return {
        key: `event:${id}`,
        kind,
        at: event.receivedAt,
        message: eventMessage(event),
        event,
      };
    }
    if (kind === 'sync') {
      const sync = log.syncById(id);
      return { key: `sync:${id}`, kind, at: sync.startedAt, message: syncMessage(sync), sync };
    }
    const r = log.logById(id);
    return {
      key: `log:${id}`,
      kind: 'log',
      at: r.at,
      message: logMessage(store, accountId, r),
      logKind: r.kind,
      detail: r.detail,
    };
  });
  return { items, total };
}
