import { useRef, useState } from 'react';
import { newSandboxProfile, type Account } from '../../../preload/contract';
import { AccountForm } from '../components/account-form';
import { BusyButton } from '../components/busy-button';
import { ErrorNotice } from '../components/error-notice';
import { SandboxProfileChoice } from '../components/sandbox-profile-choice';
import { WebhooksLeftNotice } from '../components/webhooks-left-notice';
import { useFocusAfterAction } from '../hooks/use-focus-after-action';
import { useInvoke } from '../hooks/use-invoke';

/** First run: connect a real Quaderno account or try the built-in sandbox. */
export function OnboardingScreen({ onDone }: { onDone(account: Account): void }) {
  const [connecting, setConnecting] = useState(false);
  const sandbox = useInvoke('accounts.useSandbox');
  const [profile, setProfile] = useState(newSandboxProfile);
  const heading = useRef<HTMLHeadingElement>(null);
  // The form takes the place of the button that opened it; discarded, the focus comes back here.
  const [connectRef, opened] = useFocusAfterAction<HTMLButtonElement>(connecting);

  async function trySandbox() {
    const outcome = await sandbox.run({ profile });
    if (outcome.ok) onDone(outcome.value);
  }

  return (
    <main className="onboarding">
      <header className="onboarding-header">
        <h1 ref={heading} tabIndex={-1}>
          Welcome to Checkout Console
        </h1>
        <p className="lead">
          Create checkout links for your customers and see every sale arrive, right on this
          computer. How would you like to start?
        </p>
      </header>
      {/* Here after the last account was removed with a webhook Quaderno kept: the page under
          the focused Remove went, so the words take the focus; Close gives it to the heading. */}
      <WebhooksLeftNotice takeFocus onClosed={() => heading.current?.focus()} />
      {connecting ? (
        <section className="card onboarding-connect" aria-labelledby="connect-heading">
          <h2 id="connect-heading">Connect your Quaderno account</h2>
          <p>
            Your key is checked with Quaderno before anything is saved. Find it in Quaderno under
            Developers › API keys.
          </p>
          <AccountForm
            autoFocus
            submitLabel="Connect account"
            onAdded={onDone}
            onCancel={() => setConnecting(false)}
          />
        </section>
      ) : (
        <div className="choices">
          <section className="card choice" aria-labelledby="choice-connect">
            <h2 id="choice-connect">Use my Quaderno account</h2>
            <p>
              Sell for real (or with a Quaderno test account). You will need your account name and a
              secret API key.
            </p>
            <BusyButton
              ref={connectRef}
              className="button button-primary"
              waiting={sandbox.busy}
              onClick={() => {
                opened();
                setConnecting(true);
              }}
            >
              Connect your Quaderno account
            </BusyButton>
          </section>
          <section className="card choice" aria-labelledby="choice-sandbox">
            <h2 id="choice-sandbox">Just looking around</h2>
            <p>
              A simulated Quaderno runs on this computer, with sample products and a checkout page
              where you can pay, fail or abandon. No account, no real money.
            </p>
            <SandboxProfileChoice value={profile} onChange={setProfile} disabled={sandbox.busy} />
            <ErrorNotice error={sandbox.error} />
            <BusyButton className="button" waiting={sandbox.busy} onClick={() => void trySandbox()}>
              {sandbox.busy ? 'Starting the sandbox…' : 'Try the built-in sandbox'}
            </BusyButton>
          </section>
        </div>
      )}
    </main>
  );
}
