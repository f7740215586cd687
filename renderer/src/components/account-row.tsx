import { useEffect, useRef, useState } from 'react';
import type { Account } from '../../../preload/contract';
import { useFocusAfterAction } from '../hooks/use-focus-after-action';
import { focusIfDropped } from '../hooks/use-focus-when-row-leaves';
import { useInvoke, type InvokeOutcome } from '../hooks/use-invoke';
import { BusyButton } from './busy-button';
import { ConfirmBox } from './confirm-box';
import { ConnectionCheck } from './connection-check';
import { ErrorNotice } from './error-notice';
import { KindBadge } from './kind-badge';
import type { LeftBehind } from './webhooks-left-notice';

/** One saved account: what it is, whether it is in use, and what can be done with it. */
export function AccountRow({
  account,
  held,
  arrived = false,
  onChanged,
  onRemoved,
  onFailed,
}: {
  account: Account;
  /** The list reads its accounts again after this row's refusal, which waits (said once). */
  held: boolean;
  /** Just started from this screen (the sandbox): the row takes the focus its button had. */
  arrived?: boolean;
  /** Main switched to it or removed it (accounts.changed brings the new list). */
  onChanged(): void;
  /** Removed; with what it left behind (webhooks at Quaderno, keychain entries). */
  onRemoved(left: LeftBehind): void;
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
  // Use this account goes once its account is in use, and a started sandbox's button goes once
  // its row is here: the row takes the focus they had, if it fell to <body>.
  const rowRef = useRef<HTMLLIElement>(null);
  const switched = useRef(false);
  useEffect(() => {
    if (!account.active || !switched.current) return;
    switched.current = false;
    focusIfDropped(rowRef.current);
  }, [account.active]);
  useEffect(() => {
    if (arrived) focusIfDropped(rowRef.current);
  }, [arrived]);

  return (
    <li
      ref={rowRef}
      tabIndex={-1}
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
              if (outcome.ok) onRemoved(outcome.value);
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
            <BusyButton
              className="button"
              waiting={busy}
              onClick={() => {
                switched.current = true;
                void switchTo.run({ id: account.id }).then((outcome) => {
                  if (!outcome.ok) switched.current = false;
                  report(outcome);
                });
              }}
            >
              {switchTo.busy ? 'Switching…' : 'Use this account'}
            </BusyButton>
          )}
          <BusyButton
            ref={removeRef}
            className="button"
            waiting={busy}
            onClick={() => {
              asked();
              setConfirming(true);
            }}
          >
            Remove…
          </BusyButton>
        </div>
      )}
      {account.active && !confirming ? <ConnectionCheck accountName={account.name} /> : null}
    </li>
  );
}
