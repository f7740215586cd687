import type { LinkResult } from '../../../preload/contract';
import { CopyButton } from './copy-button';
import { LinkQr } from './link-qr';
import {
  canStillPay,
  customerName,
  formatWhen,
  itemsSummary,
  linkTotal,
  StatusBadge,
} from './link-format';
import { BusyButton } from '../components/busy-button';
import { CLOSE } from '../components/dismiss-words';

interface ResultPanelProps {
  result: LinkResult;
  /** Present when the merchant may ask for a fresh link instead of the reused one. */
  onCreateNew?: (() => void) | undefined;
  creatingNew?: boolean;
  onNewLink(): void;
  onClose(): void;
}

/** The link just made (or reused), ready to paste into a message. */
export function ResultPanel({
  result,
  onCreateNew,
  creatingNew,
  onNewLink,
  onClose,
}: ResultPanelProps) {
  const { link, reused, emailText } = result;
  return (
    <section className="card result-panel" aria-labelledby="result-heading">
      <h2 id="result-heading" tabIndex={-1}>
        {reused ? 'Open link found' : 'Link ready'}
      </h2>
      {reused ? (
        <div className="notice notice-info" role="status">
          <p>
            Reused your open link from {formatWhen(link.createdAt)}: {customerName(link)} has not
            paid it yet, so sending it again avoids a second checkout for the same purchase.
          </p>
          {onCreateNew ? (
            <BusyButton className="button" waiting={creatingNew === true} onClick={onCreateNew}>
              {creatingNew ? 'Creating…' : 'Create a new one instead'}
            </BusyButton>
          ) : null}
        </div>
      ) : null}
      <p className="result-summary">
        For <strong>{customerName(link)}</strong> ({link.customer.email}): {itemsSummary(link)} ·{' '}
        {linkTotal(link)} <StatusBadge status={link.status} />
      </p>
      <label className="permalink-label" htmlFor="result-permalink">
        Checkout link
      </label>
      <input
        id="result-permalink"
        className="permalink"
        readOnly
        value={link.permalink}
        onFocus={(e) => e.target.select()}
      />
      <div className="form-actions">
        {canStillPay(link.status) ? (
          <>
            <CopyButton text={link.permalink} label="Copy link" primary copyOnMount />
            <CopyButton text={emailText} label="Copy email" />
          </>
        ) : null}
        <button
          type="button"
          className="button"
          onClick={() => window.open(link.permalink, '_blank', 'noopener')}
        >
          Open in browser
        </button>
      </div>
      {canStillPay(link.status) ? <LinkQr link={link} /> : null}
      <details className="email-preview">
        <summary>Email text</summary>
        <pre>{emailText}</pre>
      </details>
      <div className="form-actions result-next">
        <button type="button" className="button" onClick={onNewLink}>
          Another link
        </button>
        <button type="button" className="button button-quiet" onClick={onClose}>
          {CLOSE}
        </button>
      </div>
    </section>
  );
}
