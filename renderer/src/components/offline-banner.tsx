import './offline-banner.css';
import { useAccounts } from '../hooks/use-accounts';
import { useConnectivity } from '../hooks/use-connectivity';
import { useHeadingWhenGone } from '../hooks/use-heading-when-gone';
import { useInvoke } from '../hooks/use-invoke';
import { BusyButton } from './busy-button';
import { ErrorNotice } from './error-notice';

/**
 * Offline, with what still works. When the active account is the built-in sandbox, there is no
 * network to wait for: the sandbox itself is not running, so the banner offers to start it.
 */
export function OfflineBanner() {
  const { online, reason } = useConnectivity();
  const { active } = useAccounts();
  const restart = useInvoke('accounts.useSandbox');
  const sandbox = !online && active?.kind === 'sandbox';
  // Once the sandbox answers, the banner goes with Restart sandbox: the screen's heading takes
  // the focus it had.
  const started = useHeadingWhenGone(online);
  return (
    <div className="offline-slot" role="status">
      {online ? null : (
        <div className="offline-banner">
          <p className="offline-text">
            <strong>Offline.</strong> {reason ?? 'Quaderno cannot be reached right now.'} New links
            are kept as drafts and created when the connection is back; editing and cancelling links
            wait for it. Sales already received stay readable here.
          </p>
          {sandbox ? (
            <BusyButton
              className="button"
              waiting={restart.busy}
              onClick={() => {
                started();
                void restart.run({});
              }}
            >
              {restart.busy ? 'Restarting the sandbox…' : 'Restart sandbox'}
            </BusyButton>
          ) : null}
          <ErrorNotice error={sandbox ? restart.error : null} />
        </div>
      )}
    </div>
  );
}
