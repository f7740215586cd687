import { useState } from 'react';
import type { ActivityItem, ActivityKind } from '../../../preload/contract';
import { EmptyState } from '../components/empty-state';
import { ErrorNotice } from '../components/error-notice';
import { useEvent } from '../hooks/use-event';
import { useQuery } from '../hooks/use-query';
import { ActivityRow } from './activity-row';
import { EventDialog } from './event-dialog';
import './activity.css';

const PAGE = 100;

const kinds: ReadonlyArray<{ value: '' | ActivityKind; label: string }> = [
  { value: '', label: 'Everything' },
  { value: 'event', label: 'Webhook events' },
  { value: 'sync', label: 'Sync runs' },
  { value: 'log', label: 'Other' },
];

/** What the desk received and did: every event (refused ones too), every sync, and why. */
export function ActivityScreen() {
  const [kind, setKind] = useState<'' | ActivityKind>('');
  const [limit, setLimit] = useState(PAGE);
  const [openEvent, setOpenEvent] = useState<number | null>(null);
  const list = useQuery('activity.list', kind ? { kind, limit, offset: 0 } : { limit, offset: 0 });
  useEvent('activity.changed', list.reload);
  useEvent('fulfillments.changed', list.reload);
  useEvent('sync.status', list.reload);

  const items = list.data?.items ?? [];
  const total = list.data?.total ?? 0;
  return (
    <div className="activity">
      <h1>Activity</h1>
      <div className="activity-toolbar">
        <div className="filter">
          <label htmlFor="activity-kind">Show</label>
          <select
            id="activity-kind"
            name="kind"
            value={kind}
            onChange={(e) => {
              setKind(kinds.find((k) => k.value === e.target.value)?.value ?? '');
              setLimit(PAGE);
            }}
          >
            {kinds.map((k) => (
              <option key={k.value} value={k.value}>
                {k.label}
              </option>
            ))}
          </select>
        </div>
        <p className="list-count" role="status">
          {list.data ? `${total.toLocaleString()} ${total === 1 ? 'entry' : 'entries'}` : ''}
        </p>
      </div>
      <ErrorNotice error={list.error} />
      {list.data && items.length === 0 ? (
        <EmptyState title="Nothing has happened yet">
          <p>
            Webhook events from Quaderno (including any refused because their signature did not
            match) and every sync with Quaderno will be listed here.
          </p>
        </EmptyState>
      ) : null}
      {items.length > 0 ? (
        <ol className="activity-list" aria-label="Activity">
          {items.map((item: ActivityItem) => (
            <ActivityRow
              key={item.key}
              item={item}
              onOpenEvent={setOpenEvent}
              onChanged={list.reload}
            />
          ))}
        </ol>
      ) : null}
      {items.length < total ? (
        <button
          type="button"
          className="button"
          disabled={list.loading}
          onClick={() => setLimit((l) => Math.min(500, l + PAGE))}
        >
          {limit >= 500 ? 'Showing the newest 500' : 'Show older entries'}
        </button>
      ) : null}
      {openEvent !== null ? (
        <EventDialog id={openEvent} onClose={() => setOpenEvent(null)} />
      ) : null}
    </div>
  );
}
