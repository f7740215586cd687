// The activity log: received webhook events (quarantined ones too), sync runs and the
// happenings other services log, merged newest first and paged here from the store's sources.
import type {
  ActivityEvent,
  ActivityItem,
  ActivityKind,
  ActivitySync,
} from '../../preload/contract';
import type { Store } from '../store';

const KINDS: ActivityKind[] = ['event', 'sync', 'log'];

export function eventMessage(e: ActivityEvent): string {
  const what = e.eventType ?? 'Unreadable event';
  const session = e.sessionId === null ? '' : ` for session ${e.sessionId}`;
  if (e.verification === 'invalid') {
    return `Quarantined ${what}${session}: ${e.reason ?? 'the signature did not match'}.`;
  }
  const how = e.verification === 'confirmed' ? ' (confirmed through the API)' : '';
  if (e.processError) return `${what}${session}${how} could not be processed: ${e.processError}`;
  if (e.processedAt === null) return `${what}${session}${how} received, not processed yet.`;
  return `${what}${session}${how} received.`;
}

function syncMessage(s: ActivitySync): string {
  if (s.error) return `Sync failed: ${s.error}`;
  if (s.finishedAt === null) return 'Sync running…';
  const sales = s.fulfillmentsAdded === 1 ? '1 sale' : `${s.fulfillmentsAdded} sales`;
  const recreated = s.webhookRecreated ? '; webhook re-created' : '';
  return `Sync: ${s.sessionsSeen} sessions checked, ${s.sessionsUpdated} updated, ${sales} added${recreated}.`;
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
  store: Pick<Store, 'activityLog'>,
  accountId: number,
  q: { kind?: ActivityKind | undefined; limit: number; offset: number },
): { items: ActivityItem[]; total: number } {
  const log = store.activityLog;
  const kinds = q.kind ? [q.kind] : KINDS;
  const depth = q.offset + q.limit;
  let total = 0;
  const rows: Array<{ kind: ActivityKind; id: number; at: string }> = [];
  for (const kind of kinds) {
    total += log.count(kind, accountId);
    for (const r of log.newest(kind, accountId, depth)) rows.push({ kind, id: r.id, at: r.at });
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
      message: r.message,
      logKind: r.kind,
      detail: r.detail,
    };
  });
  return { items, total };
}
