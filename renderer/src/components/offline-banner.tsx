import './offline-banner.css';
import { useAccounts } from '../hooks/use-accounts';
import { useConnectivity } from '../hooks/use-connectivity';
import { useInvoke } from '../hooks/use-invoke';
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
            <button
              type="button"
              className="button"
              disabled={restart.busy}
              onClick={() => void restart.run({})}
            >
              {restart.busy ? 'Restarting the sandbox…' : 'Restart sandbox'}
            </button>
          ) : null}
          <ErrorNotice error={sandbox ? restart.error : null} />
        </div>
      )}
    </div>
  );
}
