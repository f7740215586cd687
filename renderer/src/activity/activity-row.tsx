import { useEffect, useRef, type Ref } from 'react';
import type { ActivityItem, EventVerification } from '../../../preload/contract';
import { BusyButton } from '../components/busy-button';
import { ErrorNotice } from '../components/error-notice';
import { fullTime, shortTime } from '../dates';
import { focusIfDropped } from '../hooks/use-focus-when-row-leaves';
import { useInvoke } from '../hooks/use-invoke';

// Only what changes how far a merchant can trust the line: a valid signature is the norm.
const verificationLabels: Record<EventVerification, string | null> = {
  valid: null,
  invalid: 'Quarantined',
  confirmed: 'Confirmed via API',
};

interface ActivityRowProps {
  item: ActivityItem;
  onOpenEvent(id: number): void;
  onChanged(): void;
}

/**
 * One happening in one sentence (main writes it in the merchant's words). Ids and raw event
 * types stay in the event dialog; a detail is shown beside the sentence only if it adds to it.
 */
export function ActivityRow({ item, onOpenEvent, onChanged }: ActivityRowProps) {
  const eventId = item.kind === 'log' ? loggedEventId(item.detail) : null;
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
        {item.kind === 'sync' && item.sync.error && !item.message.includes(item.sync.error) ? (
          <p className="activity-error">{item.sync.error}</p>
        ) : null}
        {eventId !== null ? (
          <div className="activity-actions">
            <RawEventButton id={eventId} onOpenEvent={onOpenEvent} />
          </div>
        ) : null}
      </div>
    </li>
  );
}

/** The delivery a logged line came from (a sale, a failed payment), when it names one. */
function loggedEventId(detail: Record<string, unknown>): number | null {
  const id = detail['eventId'];
  return typeof id === 'number' && Number.isInteger(id) ? id : null;
}

function RawEventButton({
  id,
  onOpenEvent,
  ref,
}: {
  id: number;
  onOpenEvent(id: number): void;
  ref?: Ref<HTMLButtonElement>;
}) {
  return (
    <button ref={ref} type="button" className="button button-small" onClick={() => onOpenEvent(id)}>
      View raw event
    </button>
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
  const label = verificationLabels[event.verification];
  const unsaid = (text: string | null) => (text && !item.message.includes(text) ? text : null);
  const reason = unsaid(event.reason);
  const processError = unsaid(event.processError);
  // Processed, the event has nothing left to process: Process again goes, and View raw event
  // beside it takes the focus it had.
  const rawRef = useRef<HTMLButtonElement>(null);
  const pressed = useRef(false);
  useEffect(() => {
    if (event.canReprocess || !pressed.current) return;
    pressed.current = false;
    focusIfDropped(rawRef.current);
  }, [event.canReprocess]);
  return (
    <>
      {label || reason ? (
        <p className="activity-meta">
          {label ? <span className={`verify verify-${event.verification}`}>{label}</span> : null}
          {reason ? <span className="activity-reason">{reason}</span> : null}
        </p>
      ) : null}
      {processError ? <p className="activity-error">Processing failed: {processError}</p> : null}
      <ErrorNotice error={reprocess.error} />
      <div className="activity-actions">
        <RawEventButton ref={rawRef} id={event.id} onOpenEvent={onOpenEvent} />
        {event.canReprocess ? (
          <BusyButton
            className="button button-small button-primary"
            waiting={reprocess.busy}
            onClick={async () => {
              pressed.current = true;
              const outcome = await reprocess.run({ id: event.id });
              if (outcome.ok) onChanged();
            }}
          >
            {reprocess.busy ? 'Processing…' : 'Process again'}
          </BusyButton>
        ) : null}
      </div>
    </>
  );
}
