import { useEffect, useRef } from 'react';
import type { Fulfillment } from '../../../preload/contract';
import { CopyText } from '../status/copy-text';
import { BusyButton } from '../components/busy-button';
import { Dialog } from '../components/dialog';
import { SaleDeliveries } from '../delivery/sale-deliveries';
import { ErrorNotice } from '../components/error-notice';
import { fullTime } from '../dates';
import { focusIfDropped } from '../hooks/use-focus-when-row-leaves';
import { useFocusAfterAction } from '../hooks/use-focus-after-action';
import { useQuery } from '../hooks/use-query';
import {
  amountLabel,
  BEFORE_TAX_HINT,
  isBeforeTax,
  productsLabel,
  refundLabel,
  sourceLabel,
  taxLabel,
} from './format';
import { RefreshNote, useFocusAfterRefresh } from './refresh-note';
import type { RefreshFailure } from './use-open-sale';

interface SaleDetailProps {
  sale: Fulfillment;
  note: string;
  busy: boolean;
  error: unknown;
  /** Why the sale could not be read again after it changed; null when what it shows is current. */
  refreshFailure: RefreshFailure | null;
  /** True while Try again's read is on its way. */
  refreshing: boolean;
  onRefresh(): void;
  onNote(note: string): void;
  onMark(sale: Fulfillment, note: string): void;
  onUndo(sale: Fulfillment): void;
  onClose(): void;
}

/** Everything about one sale in a modal: Escape or Close returns to the list. */
export function SaleDetail(props: SaleDetailProps) {
  const { sale } = props;
  // Mark fulfilled and Undo take each other's place: the focus follows.
  const [actionRef, actionStarted] = useFocusAfterAction<HTMLButtonElement>(props.busy);
  const noteRef = useRef<HTMLParagraphElement>(null);
  const retryStarted = useFocusAfterRefresh(
    props.refreshFailure,
    props.refreshing,
    actionRef,
    noteRef,
  );
  // A sale no longer in the account's history cannot be marked or undone: main would refuse.
  const gone = props.refreshFailure?.gone === true;
  // Found gone after an action failed: main's refusal already says what happened and what to do,
  // so the note does not say it again in other words (two alerts read out at once).
  const said = gone && props.error !== null && props.error !== undefined;
  const errorRef = useRef<HTMLParagraphElement>(null);
  // The sale's action goes with the sale: the focus it had would drop to <body>.
  useEffect(() => {
    if (gone) focusIfDropped(errorRef.current ?? noteRef.current);
  }, [gone]);

  return (
    <Dialog
      title={`${amountLabel(sale)} from ${sale.customerName ?? sale.customerEmail ?? 'an unknown customer'}`}
      onClose={props.onClose}
    >
      <RefreshNote
        failure={said ? null : props.refreshFailure}
        retrying={props.refreshing}
        noteRef={noteRef}
        onRetry={() => {
          retryStarted();
          props.onRefresh();
        }}
      />
      <dl className="detail-list">
        <dt>Received</dt>
        <dd>{fullTime(sale.receivedAt)}</dd>
        <dt>Customer</dt>
        <dd>
          {sale.customerName ?? '—'}
          {sale.customerEmail ? <CopyText text={sale.customerEmail} label="Copy email" /> : null}
        </dd>
        <dt>Products</dt>
        <dd>{productsLabel(sale)}</dd>
        <dt>Amount</dt>
        <dd>
          {amountLabel(sale)} · {taxLabel(sale)}
          {refundLabel(sale) ? ` · ${refundLabel(sale)}` : null}
          {isBeforeTax(sale) ? <p className="muted">{BEFORE_TAX_HINT}</p> : null}
        </dd>
        <dt>Source</dt>
        <dd>
          {sourceLabel(sale.source)}
          {sale.signatureWarning
            ? ' — the signature did not match, so the sale was confirmed with Quaderno'
            : ''}
        </dd>
        <dt>Session</dt>
        <dd>{sale.sessionId}</dd>
        <dt>Checkout link</dt>
        <dd className="detail-url">
          {sale.permalink ? <CopyText text={sale.permalink} label="Copy link" /> : '—'}
        </dd>
        <dt>Processor transaction</dt>
        <dd>{[sale.gateway, sale.transactionId].filter(Boolean).join(' · ') || '—'}</dd>
        <dt>Status</dt>
        <dd>
          {sale.status === 'fulfilled'
            ? `Fulfilled ${fullTime(sale.fulfilledAt)}${sale.note ? ` — “${sale.note}”` : ''}`
            : 'To deliver'}
        </dd>
      </dl>
      <ErrorNotice error={props.error} ref={errorRef} />
      {gone ? null : sale.status === 'new' ? (
        <form
          className="sale-fulfil"
          onSubmit={(e) => {
            e.preventDefault();
            actionStarted();
            props.onMark(sale, props.note);
          }}
        >
          <label htmlFor="sale-note">Note (optional)</label>
          <textarea
            id="sale-note"
            rows={2}
            maxLength={2000}
            value={props.note}
            placeholder="e.g. sent the licence key by email"
            onChange={(e) => props.onNote(e.target.value)}
          />
          <BusyButton
            ref={actionRef}
            type="submit"
            className="button button-primary"
            waiting={props.busy}
          >
            {props.busy ? 'Saving…' : 'Mark fulfilled'}
          </BusyButton>
        </form>
      ) : (
        <div className="form-actions">
          <BusyButton
            ref={actionRef}
            className="button"
            waiting={props.busy}
            onClick={() => {
              actionStarted();
              props.onUndo(sale);
            }}
          >
            Undo: back to “to deliver”
          </BusyButton>
        </div>
      )}
      <SaleDeliveries saleId={sale.id} saleFulfilled={sale.status === 'fulfilled'} />
      <RawEvent eventId={sale.eventId} />
    </Dialog>
  );
}

function RawEvent({ eventId }: { eventId: number | null }) {
  if (eventId === null) {
    return (
      <details className="raw-event">
        <summary>Raw event</summary>
        <p className="muted">No webhook event is linked to this sale (it came from a sync).</p>
      </details>
    );
  }
  return (
    <details className="raw-event">
      <summary>Raw event</summary>
      <RawEventBody id={eventId} />
    </details>
  );
}

function RawEventBody({ id }: { id: number }) {
  const event = useQuery('events.get', { id });
  if (event.error) return <ErrorNotice error={event.error} />;
  if (!event.data) return <p className="muted">Loading…</p>;
  // Long bodies scroll: a keyboard user must be able to reach and scroll them.
  return (
    <pre className="raw-body" tabIndex={0} role="region" aria-label="Raw event body">
      {prettyJson(event.data.body)}
    </pre>
  );
}

export function prettyJson(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}
