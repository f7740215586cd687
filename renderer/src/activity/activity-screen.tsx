import { useState } from 'react';
import type { ActivityItem, ActivityKind } from '../../../preload/contract';
import { BusyButton } from '../components/busy-button';
import { EmptyState } from '../components/empty-state';
import { ErrorNotice } from '../components/error-notice';
import { useEvent } from '../hooks/use-event';
import { useHeadingWhenGone } from '../hooks/use-heading-when-gone';
import { ActivityRow } from './activity-row';
import { EventDialog } from './event-dialog';
import { useActivity } from './use-activity';
import './activity.css';

const kinds: ReadonlyArray<{ value: '' | ActivityKind; label: string }> = [
  { value: '', label: 'Everything' },
  { value: 'log', label: 'Sales and changes' },
  { value: 'sync', label: 'Checks with Quaderno' },
  { value: 'event', label: 'Everything Quaderno sent (raw)' },
];

/** What happened, one sentence each: sales, refused or failed deliveries, checks, and why. */
export function ActivityScreen() {
  const [kind, setKind] = useState<'' | ActivityKind>('');
  return (
    <div className="activity">
      <h1>Activity</h1>
      {/* Keyed by kind: another kind starts again from its newest page. */}
      <ActivityLog key={kind} kind={kind} onKind={setKind} />
    </div>
  );
}

function ActivityLog({
  kind,
  onKind,
}: {
  kind: '' | ActivityKind;
  onKind(kind: '' | ActivityKind): void;
}) {
  const [openEvent, setOpenEvent] = useState<number | null>(null);
  const log = useActivity(kind);
  useEvent('activity.changed', log.reload);
  useEvent('fulfillments.changed', log.reload);
  useEvent('sync.status', log.reload);

  const { items } = log;
  const total = log.total ?? 0;
  // The last page shown takes its button away: the screen's heading takes the focus it had.
  const olderAsked = useHeadingWhenGone(items.length >= total);
  return (
    <>
      <div className="activity-toolbar">
        <div className="filter">
          <label htmlFor="activity-kind">Show</label>
          <select
            id="activity-kind"
            name="kind"
            value={kind}
            onChange={(e) => onKind(kinds.find((k) => k.value === e.target.value)?.value ?? '')}
          >
            {kinds.map((k) => (
              <option key={k.value} value={k.value}>
                {k.label}
              </option>
            ))}
          </select>
        </div>
        <p className="list-count" role="status">
          {log.total === null
            ? ''
            : `${total.toLocaleString()} ${total === 1 ? 'entry' : 'entries'}`}
        </p>
      </div>
      <ErrorNotice error={log.error} />
      {log.total === 0 ? (
        <EmptyState title="Nothing has happened yet">
          <p>
            Sales, failed and abandoned payments, messages from Quaderno that were refused, and
            every check with Quaderno will be listed here.
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
              onChanged={log.reload}
            />
          ))}
        </ol>
      ) : null}
      {items.length < total ? (
        <BusyButton
          className="button"
          waiting={log.loading}
          onClick={() => {
            olderAsked();
            log.more();
          }}
        >
          Show older entries
        </BusyButton>
      ) : null}
      {openEvent !== null ? (
        <EventDialog id={openEvent} onClose={() => setOpenEvent(null)} />
      ) : null}
    </>
  );
}
