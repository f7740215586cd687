import { toErrorPayload } from '../errors';
import { useAccounts } from '../hooks/use-accounts';
import { useConnectivity } from '../hooks/use-connectivity';
import { liveSentence, type Tone } from './live-sentence';
import { SyncNow } from './sync-now';
import { useLastSaleAt } from './use-last-sale';
import { useLiveStatus } from './use-live-status';
import './status.css';

/**
 * One sentence on every screen: are sales reaching the desk, and when did the last one come.
 * The details (port, URLs, signatures, last sync) are in Settings › Webhooks and tunnel.
 */
export function StatusStrip({ onDetails }: { onDetails?: () => void }) {
  const { status, error, sync, now } = useLiveStatus();
  const { online } = useConnectivity();
  const { active } = useAccounts();
  const lastSaleAt = useLastSaleAt();
  const said: { tone: Tone; text: string } = status
    ? liveSentence({ status, online, sandbox: active?.kind === 'sandbox', lastSaleAt, now })
    : error
      ? { tone: 'off', text: `Live status unavailable: ${toErrorPayload(error).message}` }
      : { tone: 'off', text: 'Checking the receiver…' };

  return (
    <section className="status-strip" aria-label="Live status">
      <span className={`strip-dot strip-dot-${said.tone}`} aria-hidden="true" />
      {/* The title holds the whole sentence should a narrow window cut it. */}
      <span className="strip-sentence" title={said.text}>
        {said.text}
      </span>
      <SyncNow sync={sync} />
      {onDetails ? (
        <button
          type="button"
          className="button button-small button-quiet"
          aria-label="Receiving details"
          data-leaves-screen
          onClick={onDetails}
        >
          Details
        </button>
      ) : null}
    </section>
  );
}
