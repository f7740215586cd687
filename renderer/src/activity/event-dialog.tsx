import { Dialog } from '../components/dialog';
import { ErrorNotice } from '../components/error-notice';
import { prettyJson } from '../fulfillments/sale-detail';
import { fullTime } from '../fulfillments/format';
import { useQuery } from '../hooks/use-query';

/** The event exactly as it arrived: headers and body. */
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
          <h3>Headers</h3>
          <pre className="raw-body">{JSON.stringify(data.headers, null, 2)}</pre>
          <h3>Body</h3>
          <pre className="raw-body">{prettyJson(data.body)}</pre>
        </>
      ) : event.error ? null : (
        <p className="muted">Loading…</p>
      )}
    </Dialog>
  );
}
