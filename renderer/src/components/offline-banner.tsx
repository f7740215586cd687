import { useConnectivity } from '../hooks/use-connectivity';

export function OfflineBanner() {
  const { online, reason } = useConnectivity();
  return (
    <div className="offline-slot" role="status">
      {online ? null : (
        <p className="offline-banner">
          <strong>Offline.</strong> {reason ?? 'Quaderno cannot be reached right now.'} New links
          wait until the connection is back; sales already received stay readable here.
        </p>
      )}
    </div>
  );
}
