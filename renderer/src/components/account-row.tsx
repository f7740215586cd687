import { useState } from 'react';
import type { Account } from '../../../preload/contract';
import { useFocusAfterAction } from '../hooks/use-focus-after-action';
import { useInvoke, type InvokeOutcome } from '../hooks/use-invoke';
import { ConfirmBox } from './confirm-box';
import { ConnectionCheck } from './connection-check';
import { ErrorNotice } from './error-notice';
import { KindBadge } from './kind-badge';

/** One saved account: what it is, whether it is in use, and what can be done with it. */
export function AccountRow({
  account,
  held,
  onChanged,
  onRemoved,
  onFailed,
}: {
  account: Account;
  /** The list reads its accounts again after this row's refusal, which waits (said once). */
  held: boolean;
  /** Main switched to it or removed it (accounts.changed brings the new list). */
  onChanged(): void;
  /** Removed; `webhooksLeft`: this console's webhooks Quaderno could not be made to delete. */
  onRemoved(webhooksLeft: number[]): void;
  /** Main refused: the account may be gone, so the list reads its accounts again. */
  onFailed(error: unknown): void;
}) {
  const [confirming, setConfirming] = useState(false);
  // The confirm box takes the place of Remove…; kept (Keep it, Escape), the focus comes back here.
  const [removeRef, asked] = useFocusAfterAction<HTMLButtonElement>(confirming);
  const switchTo = useInvoke('accounts.switch');
  const remove = useInvoke('accounts.remove');
  const report = (outcome: InvokeOutcome<unknown>) =>
    outcome.ok ? onChanged() : onFailed(outcome.error);
  const busy = switchTo.busy || remove.busy;
  const headingId = `account-${account.id}-name`;

  return (
    <li
      className={
        account.active ? 'list-card account-row account-row-active' : 'list-card account-row'
      }
      aria-labelledby={headingId}
    >
      <div className="account-row-main">
        <h3 className="account-name" id={headingId}>
          {account.name}
        </h3>
        <KindBadge kind={account.kind} />
        {account.active ? <span className="active-tag">In use</span> : null}
      </div>
      <p className="account-url">{account.apiUrl}</p>
      {account.email ? <p className="account-email">{account.email}</p> : null}
      {held ? null : <ErrorNotice error={switchTo.error ?? remove.error} />}
      {confirming ? (
        <ConfirmBox
          label={`Remove ${account.name}?`}
          confirmText="Remove account"
          workingText="Removing…"
          working={remove.busy}
          disabled={busy}
          onConfirm={() =>
            void remove.run({ id: account.id }).then((outcome) => {
              if (outcome.ok) onRemoved(outcome.value.webhooksLeft);
              report(outcome);
            })
          }
          onKeep={() => setConfirming(false)}
        >
          Remove <strong>{account.name}</strong> from this console?{' '}
          {account.kind === 'sandbox'
            ? 'The sandbox stops; you can start it again any time.'
            : 'Its API key is deleted from the keychain, and Quaderno is asked to delete any webhook this console made for it.'}
        </ConfirmBox>
      ) : (
        <div className="account-actions">
          {account.active ? null : (
            <button
              type="button"
              className="button"
              disabled={busy}
              onClick={() => void switchTo.run({ id: account.id }).then(report)}
            >
              {switchTo.busy ? 'Switching…' : 'Use this account'}
            </button>
          )}
          <button
            ref={removeRef}
            type="button"
            className="button"
            disabled={busy}
            onClick={() => {
              asked();
              setConfirming(true);
            }}
          >
            Remove…
          </button>
        </div>
      )}
      {account.active && !confirming ? <ConnectionCheck accountName={account.name} /> : null}
    </li>
  );
}
