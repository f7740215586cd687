import { useState } from 'react';
import { AccountForm } from '../components/account-form';
import { BusyButton } from '../components/busy-button';
import { AccountRow } from '../components/account-row';
import { ErrorNotice } from '../components/error-notice';
import { SandboxProfileChoice } from '../components/sandbox-profile-choice';
import { useWebhooksLeft, WebhooksLeftNotice } from '../components/webhooks-left-notice';
import { useAccounts } from '../hooks/use-accounts';
import { useFocusAfterAction } from '../hooks/use-focus-after-action';
import { useHeadingWhenRowLeaves } from '../hooks/use-focus-when-row-leaves';
import { useGoneNotice } from '../hooks/use-gone-notice';
import { useInvoke } from '../hooks/use-invoke';
import { newSandboxProfile } from '../../../preload/contract';

export function SettingsAccounts() {
  const { accounts, loading, reading, error, reload } = useAccounts();
  // After a refused switch or Remove the accounts are read again: one that went (removed on the
  // command line or in another window, an older backup restored) leaves, and main's words stay.
  // One still there keeps the refusal on its row, and a later removal does not bring it back.
  // While they are read again, the failed row keeps main's words back: said once, by the row if it
  // stays, by the list if it went.
  const gone = useGoneNotice((id) => accounts.some((a) => a.id === id), accounts, reading);
  // A focused account's row can leave (removed on the command line or in another window): the
  // focus goes to the heading, not <body>.
  const { heading, listFocus } = useHeadingWhenRowLeaves<HTMLHeadingElement>(accounts);
  const [adding, setAdding] = useState(false);
  // The form takes the place of the button that opened it; closed, the focus comes back here.
  const [connectRef, opened] = useFocusAfterAction<HTMLButtonElement>(adding);
  const sandbox = useInvoke('accounts.useSandbox');
  const hasSandbox = accounts.some((a) => a.kind === 'sandbox');
  const [profile, setProfile] = useState(newSandboxProfile);
  // Started here: its button goes, and the sandbox's row takes the focus it had.
  const [started, setStarted] = useState<number | null>(null);
  // Said after the row left: the account is removed, but Quaderno may still have these webhooks.
  // Kept by the app, so the welcome screen says it too when the last account went.
  const webhooksLeft = useWebhooksLeft();

  return (
    <section aria-labelledby="accounts-heading">
      <h2 id="accounts-heading" ref={heading} tabIndex={-1}>
        Accounts
      </h2>
      <p className="section-intro">
        Links and sales belong to the account in use. Switch any time; nothing is lost.
      </p>
      <ErrorNotice error={error} />
      {gone.notice}
      <WebhooksLeftNotice onClosed={() => heading.current?.focus()} />
      {loading ? <p className="muted">Loading accounts…</p> : null}
      {!loading && accounts.length === 0 ? (
        <p className="muted">No accounts yet. Connect one below or try the sandbox.</p>
      ) : null}
      <ul className="stack-list account-list" aria-label="Saved accounts" {...listFocus}>
        {accounts.map((account) => (
          <AccountRow
            key={account.id}
            account={account}
            held={gone.held(account.id)}
            arrived={account.id === started}
            onChanged={gone.clear}
            onRemoved={webhooksLeft.add}
            onFailed={(e) => {
              gone.failed(account.id, e);
              reload();
            }}
          />
        ))}
      </ul>
      {adding ? (
        <div className="card">
          <h3>Connect a Quaderno account</h3>
          <AccountForm
            autoFocus
            submitLabel="Connect account"
            onAdded={() => setAdding(false)}
            onCancel={() => setAdding(false)}
          />
        </div>
      ) : (
        <div className="form-actions">
          <button
            ref={connectRef}
            type="button"
            className="button button-primary"
            onClick={() => {
              opened();
              setAdding(true);
            }}
          >
            Connect a Quaderno account
          </button>
          {hasSandbox ? null : (
            <>
              <SandboxProfileChoice value={profile} onChange={setProfile} disabled={sandbox.busy} />
              <BusyButton
                className="button"
                waiting={sandbox.busy}
                onClick={() =>
                  void sandbox.run({ profile }).then((outcome) => {
                    if (outcome.ok) setStarted(outcome.value.id);
                  })
                }
              >
                {sandbox.busy ? 'Starting the sandbox…' : 'Try the built-in sandbox'}
              </BusyButton>
            </>
          )}
        </div>
      )}
      <ErrorNotice error={sandbox.error} />
    </section>
  );
}
