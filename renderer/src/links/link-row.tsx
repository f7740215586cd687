import { useEffect, useRef, useState } from 'react';
import type { Link } from '../../../preload/contract';
import { BusyButton } from '../components/busy-button';
import { ConfirmBox } from '../components/confirm-box';
import { ErrorNotice } from '../components/error-notice';
import { useInvoke } from '../hooks/use-invoke';
import { CopyButton } from './copy-button';
import { LinkQr } from './link-qr';
import { useEditWaits } from './quaderno-wait';
import {
  canStillPay,
  customerName,
  formatWhen,
  itemsSummary,
  linkTotal,
  StatusBadge,
} from './link-format';

interface LinkRowProps {
  link: Link;
  onEdit(link: Link): void;
  /** "New link like this": the form prefilled from this link. */
  onLike(link: Link): void;
}

/** A link that took no payment and will not: the merchant may send the customer another. */
const resendable = (status: Link['status']) =>
  status === 'failed' || status === 'abandoned' || status === 'deleted';

/** One link: who, what, how much, where it stands, and what can still be done with it. */
export function LinkRow({ link, onEdit, onLike }: LinkRowProps) {
  const [confirming, setConfirming] = useState(false);
  const [showQr, setShowQr] = useState(false);
  // The confirm box replaces the row's buttons, so closing it would leave the focus on <body>.
  // Keep it gives it back to Cancel…; a cancelled link has nothing left to act on (Edit and
  // Cancel… go), so the row itself takes it and is read out with its new status (or the alert
  // saying why it could not be cancelled).
  const [refocus, setRefocus] = useState<{ on: 'row' | 'cancel' } | null>(null);
  const rowRef = useRef<HTMLLIElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (refocus) (refocus.on === 'cancel' ? cancelRef : rowRef).current?.focus();
  }, [refocus]);
  const cancel = useInvoke('links.cancel');
  // Edit and Cancel need Quaderno's answer: while it cannot be reached they wait, saying so.
  // Waiting, not disabled: the connection may go while one has the focus, which a disabled
  // button would drop to <body>.
  const waits = useEditWaits();
  const waitsId = `link-${link.id}-waits`;
  const waiting = {
    waiting: waits !== null,
    'aria-describedby': waits === null ? undefined : waitsId,
  };
  const pending = link.status === 'pending';
  const headingId = `link-${link.id}-customer`;
  const qrId = `link-${link.id}-qr`;
  const name = customerName(link);

  const likeButton = (
    <button type="button" className="button" onClick={() => onLike(link)}>
      New link like this<span className="visually-hidden"> for {name}</span>
    </button>
  );

  return (
    <li ref={rowRef} className="list-card link-row" aria-labelledby={headingId} tabIndex={-1}>
      <div className="link-row-main">
        <div className="link-who">
          <h3 className="link-customer" id={headingId}>
            {name}
          </h3>
          {name !== link.customer.email ? (
            <span className="link-email">{link.customer.email}</span>
          ) : null}
        </div>
        <span className="link-total">{linkTotal(link)}</span>
        <StatusBadge status={link.status} />
      </div>
      <p className="link-items">{itemsSummary(link)}</p>
      <p className="link-meta">
        Created {formatWhen(link.createdAt)}
        {link.reuseCount > 0
          ? ` · Reused ${link.reuseCount} ${link.reuseCount === 1 ? 'time' : 'times'}`
          : ''}
      </p>
      <ErrorNotice error={cancel.error} />
      {confirming ? (
        <ConfirmBox
          label={`Cancel the link for ${name}?`}
          confirmText="Cancel link"
          workingText="Cancelling…"
          working={cancel.busy}
          disabled={cancel.busy}
          onConfirm={() =>
            void cancel.run({ id: link.id }).then((o) => {
              // A refusal keeps the box open; the row holds the focus and its alert.
              if (o.ok) setConfirming(false);
              setRefocus({ on: 'row' });
            })
          }
          onKeep={() => {
            setConfirming(false);
            setRefocus({ on: 'cancel' });
          }}
        >
          Cancel this link? Quaderno deletes the checkout, and {name} can no longer pay with it.
        </ConfirmBox>
      ) : canStillPay(link.status) ? (
        // Paid, failed and cancelled links take no payment: nothing to copy, show, edit or cancel.
        <div className="link-actions">
          <CopyButton text={link.permalink} label="Copy link" />
          <button
            type="button"
            className="button"
            aria-expanded={showQr}
            aria-controls={showQr ? qrId : undefined}
            onClick={() => setShowQr((shown) => !shown)}
          >
            {showQr ? 'Hide QR code' : 'QR code'}
            <span className="visually-hidden"> of the link for {name}</span>
          </button>
          {pending ? (
            <>
              <BusyButton className="button" onClick={() => onEdit(link)} {...waiting}>
                Edit<span className="visually-hidden"> the link for {name}</span>
              </BusyButton>
              <BusyButton
                ref={cancelRef}
                className="button"
                onClick={() => setConfirming(true)}
                {...waiting}
              >
                Cancel…<span className="visually-hidden"> the link for {name}</span>
              </BusyButton>
              {waits === null ? null : (
                <span id={waitsId} className="link-waits">
                  {waits}
                </span>
              )}
            </>
          ) : null}
          {resendable(link.status) ? likeButton : null}
          {showQr ? (
            <div id={qrId} className="link-row-qr">
              <LinkQr link={link} />
            </div>
          ) : null}
        </div>
      ) : resendable(link.status) ? (
        <div className="link-actions">{likeButton}</div>
      ) : null}
    </li>
  );
}
