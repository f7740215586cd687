import type { ActivityItem, EventVerification } from '../../../preload/contract';
import { ErrorNotice } from '../components/error-notice';
import { fullTime, shortTime } from '../dates';
import { useInvoke } from '../hooks/use-invoke';

const verificationLabels: Record<EventVerification, string> = {
  valid: 'Signature valid',
  invalid: 'Quarantined',
  confirmed: 'Confirmed via API',
};

interface ActivityRowProps {
  item: ActivityItem;
  onOpenEvent(id: number): void;
  onChanged(): void;
}

export function ActivityRow({ item, onOpenEvent, onChanged }: ActivityRowProps) {
  return (
    <li className={`activity-row activity-${item.kind}`}>
      <time className="activity-time" dateTime={item.at} title={fullTime(item.at)}>
        {shortTime(item.at)}
      </time>
      <div className="activity-body">
        <p className="activity-message">{item.message}</p>
        {item.kind === 'event' ? (
          <EventLine item={item} onOpenEvent={onOpenEvent} onChanged={onChanged} />
        ) : null}
        {item.kind === 'sync' ? <SyncLine item={item} /> : null}
      </div>
    </li>
  );
}

type EventItem = Extract<ActivityItem, { kind: 'event' }>;

function EventLine({
  item,
  onOpenEvent,
  onChanged,
}: {
  item: EventItem;
  onOpenEvent(id: number): void;
  onChanged(): void;
}) {
  const { event } = item;
  const reprocess = useInvoke('events.reprocess');
  return (
    <>
      <p className="activity-meta">
        <span className={`verify verify-${event.verification}`}>
          {verificationLabels[event.verification]}
        </span>
        {event.eventType ? <span>{event.eventType}</span> : null}
        {event.sessionId !== null ? <span>session {event.sessionId}</span> : null}
        {event.reason ? <span className="activity-reason">{event.reason}</span> : null}
      </p>
      {event.processError ? (
        <p className="activity-error">Processing failed: {event.processError}</p>
      ) : null}
      <ErrorNotice error={reprocess.error} />
      <div className="activity-actions">
        <button type="button" className="button button-small" onClick={() => onOpenEvent(event.id)}>
          View raw event
        </button>
        {event.canReprocess ? (
          <button
            type="button"
            className="button button-small button-primary"
            disabled={reprocess.busy}
            onClick={async () => {
              const outcome = await reprocess.run({ id: event.id });
              if (outcome.ok) onChanged();
            }}
          >
            {reprocess.busy ? 'Processing…' : 'Process again'}
          </button>
        ) : null}
      </div>
    </>
  );
}

function SyncLine({ item }: { item: Extract<ActivityItem, { kind: 'sync' }> }) {
  const { sync } = item;
  if (sync.error) return <p className="activity-error">Sync failed: {sync.error}</p>;
  return (
    <p className="activity-meta">
      <span>{sync.sessionsSeen} sessions checked</span>
      <span>{sync.sessionsUpdated} updated</span>
      <span>{sync.fulfillmentsAdded} sales added</span>
      {sync.webhookRecreated ? <span>webhook re-created</span> : null}
      <span>{sync.apiCalls} API calls</span>
    </p>
  );
}
