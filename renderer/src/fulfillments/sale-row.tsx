import type { Fulfillment } from '../../../preload/contract';
import { BusyButton } from '../components/busy-button';
import { shortTime } from '../dates';
import { useFocusAfterAction } from '../hooks/use-focus-after-action';
import { CopyText } from '../status/copy-text';
import {
  amountLabel,
  BEFORE_TAX_HINT,
  isBeforeTax,
  productsLabel,
  refundLabel,
  sourceLabel,
  taxLabel,
} from './format';

interface SaleRowProps {
  sale: Fulfillment;
  highlighted: boolean;
  busy: boolean;
  onOpen(sale: Fulfillment): void;
  onMark(sale: Fulfillment): void;
  onUndo(sale: Fulfillment): void;
}

/** Each delivery state's pill, and the button that moves a sale to the other state. */
const statusLooks: Record<
  Fulfillment['status'],
  { pill: string; action: string; buttonClass: string }
> = {
  new: { pill: 'To deliver', action: 'Mark fulfilled', buttonClass: 'button button-small' },
  fulfilled: { pill: 'Fulfilled', action: 'Undo', buttonClass: 'button button-small button-quiet' },
};

/**
 * How the sale's automatic deliveries stand, when one is left to do: beside its state, so a paid
 * customer whose delivery stopped is seen on the list (the sale's dialog says what went wrong).
 */
const deliveryLooks: Record<NonNullable<Fulfillment['delivery']>, string> = {
  delivering: 'Delivering…',
  needs_attention: 'Needs attention',
};

/** One sale: when, who, what, how much, where it came from, and its delivery state. */
export function SaleRow({ sale, highlighted, busy, onOpen, onMark, onUndo }: SaleRowProps) {
  const who = sale.customerName ?? sale.customerEmail ?? 'Unknown customer';
  const look = statusLooks[sale.status];
  const refunded = refundLabel(sale);
  const classes = ['sale-row', highlighted ? 'sale-row-arrived' : '', `sale-row-${sale.status}`];
  // Mark fulfilled and Undo take each other's place: the focus follows.
  const [actionRef, actionStarted] = useFocusAfterAction<HTMLButtonElement>(busy);
  return (
    <div className={classes.join(' ')} role="row" data-sale-id={sale.id}>
      <div role="cell" className="sale-time">
        <time dateTime={sale.receivedAt}>{shortTime(sale.receivedAt)}</time>
        {highlighted ? <span className="sale-new-tag">New</span> : null}
      </div>
      <div role="cell" className="sale-customer">
        <button type="button" className="sale-open" onClick={() => onOpen(sale)}>
          {who}
        </button>
        {sale.customerEmail ? (
          <span className="sale-sub sale-email">
            <span className="sale-email-text">{sale.customerName ? sale.customerEmail : ''}</span>
            <CopyText text={sale.customerEmail} label="Copy email" short="Copy" showText={false} />
          </span>
        ) : null}
      </div>
      <div role="cell" className="sale-products">
        <span className="sale-products-names">{productsLabel(sale)}</span>
        <span className="sale-sub">
          {sourceLabel(sale.source)}
          {sale.signatureWarning ? ' · signature not verified' : ''}
        </span>
      </div>
      <div role="cell" className="sale-amount">
        <span className="sale-amount-value">{amountLabel(sale)}</span>
        <span className="sale-sub" title={isBeforeTax(sale) ? BEFORE_TAX_HINT : undefined}>
          {taxLabel(sale)}
        </span>
        {refunded ? <span className="sale-sub sale-refunded">{refunded}</span> : null}
      </div>
      <div role="cell" className="sale-status">
        <span className={`status-pill status-pill-${sale.status}`}>{look.pill}</span>
        {sale.delivery ? (
          <span className={`status-pill delivery-pill-${sale.delivery}`}>
            {deliveryLooks[sale.delivery]}
          </span>
        ) : null}
        <BusyButton
          ref={actionRef}
          className={look.buttonClass}
          waiting={busy}
          onClick={() => {
            actionStarted();
            (sale.status === 'new' ? onMark : onUndo)(sale);
          }}
        >
          {look.action}
        </BusyButton>
      </div>
    </div>
  );
}

export function PlaceholderRow() {
  return (
    <div className="sale-row sale-row-placeholder" role="row" aria-busy="true">
      <div role="cell" className="muted">
        Loading…
      </div>
    </div>
  );
}
