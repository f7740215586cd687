import { useId } from 'react';
import { Dialog } from '../components/dialog';
import { ErrorNotice } from '../components/error-notice';
import { prettyJson } from '../fulfillments/sale-detail';
import { fullTime } from '../dates';
import { useQuery } from '../hooks/use-query';

/**
 * The event exactly as it arrived: headers and body, with the checkout session's id, which the
 * activity line leaves out and a support request to Quaderno needs.
 */
export function EventDialog({ id, onClose }: { id: number; onClose(): void }) {
  const event = useQuery('events.get', { id });
  const data = event.data;
  return (
    <Dialog title={`Event ${id}`} onClose={onClose}>
      <ErrorNotice error={event.error} />
      {data ? (
        <>
          <dl className="detail-list">
            <dt>Received</dt>
            <dd>{fullTime(data.receivedAt)}</dd>
            <dt>Checkout session</dt>
            <dd>{data.sessionId ?? 'not named'}</dd>
            <dt>Type</dt>
            <dd>{data.eventType ?? 'unreadable'}</dd>
            <dt>Verification</dt>
            <dd>
              {data.verification}
              {data.reason ? ` — ${data.reason}` : ''}
            </dd>
            <dt>Processed</dt>
            <dd>
              {data.processError ? `failed: ${data.processError}` : fullTime(data.processedAt)}
            </dd>
          </dl>
          <RawBlock title="Headers" text={JSON.stringify(data.headers, null, 2)} />
          <RawBlock title="Body" text={prettyJson(data.body)} />
        </>
      ) : event.error ? null : (
        <p className="muted">Loading…</p>
      )}
    </Dialog>
  );
}

/**
 * Raw text under its heading, in a box that scrolls: focusable, so a keyboard alone can
 * scroll it, and a region named by the heading, so a screen reader says what it is.
 */
function RawBlock({ title, text }: { title: string; text: string }) {
  const heading = useId();
  return (
    <>
      <h3 id={heading}>{title}</h3>
      <pre className="raw-body" tabIndex={0} role="region" aria-labelledby={heading}>
        {text}
      </pre>
    </>
  );
}
