import { useState } from 'react';
import { signatureSchemeLabels, type LiveStatus } from '../../../preload/contract';
import { toErrorPayload } from '../errors';
import { relativeTime } from '../dates';
import { useConnectivity } from '../hooks/use-connectivity';
import { useInvoke } from '../hooks/use-invoke';
import { CopyText } from './copy-text';
import { useLiveStatus } from './use-live-status';
import './status.css';

type Tone = 'ok' | 'busy' | 'bad' | 'off';

/** One line on every screen: is the desk receiving sales, where from, and since when. */
export function StatusStrip() {
  const { status, error, sync, now } = useLiveStatus();
  const { online } = useConnectivity();
  const runSync = useInvoke('sync.run');
  const syncing = runSync.busy || sync?.running === true;
  // The run this strip started answers before any event may; the newest of all wins.
  const [ranAt, setRanAt] = useState<string | null>(null);
  const lastSyncAt = newest(sync?.last?.finishedAt, status?.lastSyncAt, ranAt);
  const syncError = sync?.error ?? (runSync.error ? toErrorPayload(runSync.error).message : null);

  return (
    <section className="status-strip" aria-label="Live status">
      {status ? (
        <>
          <Item tone={receiverTone(status)} label="Receiver" value={receiverText(status)} />
          <Item tone={tunnelTone(status)} label="Tunnel" value={tunnelText(status)} />
          {publicUrl(status) ? (
            <span className="strip-item strip-url">
              <CopyText text={publicUrl(status) ?? ''} label="Copy URL" />
            </span>
          ) : null}
          {status.webhook.state === 'error' || status.webhook.state === 'registering' ? (
            <Item
              tone={status.webhook.state === 'error' ? 'bad' : 'busy'}
              label="Webhook"
              value={
                status.webhook.state === 'error'
                  ? `not registered: ${status.webhook.error ?? 'unknown error'}`
                  : 'registering…'
              }
            />
          ) : null}
          <span className="strip-item">
            <span className="strip-label">Last event</span> {relativeTime(status.lastEventAt, now)}
          </span>
          {status.signatureScheme ? (
            <span
              className="strip-item"
              title="How Quaderno's last webhook delivery proved it came from Quaderno."
            >
              <Dot tone={status.signatureScheme === 'unverifiable' ? 'busy' : 'ok'} />
              <span className="strip-label">Signatures</span>{' '}
              {signatureSchemeLabels[status.signatureScheme]}
            </span>
          ) : null}
        </>
      ) : error ? (
        <span className="strip-item strip-problem">
          <Dot tone="off" /> Live status unavailable: {toErrorPayload(error).message}
        </span>
      ) : (
        <span className="strip-item muted">Checking the receiver…</span>
      )}
      <span className="strip-item">
        <span className="strip-label">Last sync</span>{' '}
        {syncing ? 'running…' : relativeTime(lastSyncAt, now)}
      </span>
      <button
        type="button"
        className="button button-small"
        disabled={!online || syncing}
        title={online ? undefined : 'Sync needs Quaderno, which cannot be reached right now.'}
        aria-describedby={online ? undefined : 'strip-offline-reason'}
        onClick={async () => {
          const outcome = await runSync.run({});
          if (outcome.ok) setRanAt(outcome.value.finishedAt);
        }}
      >
        Sync now
      </button>
      {!online ? (
        <span className="strip-item strip-problem" id="strip-offline-reason">
          {/* The banner above says why at length; one line here is enough. */}
          Sync waits for the connection.
        </span>
      ) : null}
      {syncError && online ? (
        <span className="strip-item strip-problem" role="alert">
          Sync failed: {syncError}
        </span>
      ) : null}
    </section>
  );
}

function Dot({ tone }: { tone: Tone }) {
  return <span className={`strip-dot strip-dot-${tone}`} aria-hidden="true" />;
}

function Item({ tone, label, value }: { tone: Tone; label: string; value: string }) {
  return (
    <span className="strip-item">
      <Dot tone={tone} />
      <span className="strip-label">{label}</span> {value}
    </span>
  );
}

function receiverTone(s: LiveStatus): Tone {
  return s.receiver.state === 'listening' ? 'ok' : s.receiver.state === 'error' ? 'bad' : 'off';
}

function receiverText(s: LiveStatus): string {
  if (s.receiver.state === 'listening') return `listening on port ${s.receiver.port ?? '?'}`;
  if (s.receiver.state === 'error') return `stopped: ${s.receiver.error ?? 'unknown error'}`;
  return 'stopped';
}

function tunnelTone(s: LiveStatus): Tone {
  switch (s.tunnel.state) {
    case 'online':
    case 'manual':
      return 'ok';
    case 'connecting':
    case 'reconnecting':
      return 'busy';
    case 'error':
      return 'bad';
    default:
      return 'off';
  }
}

function tunnelText(s: LiveStatus): string {
  const { state, error } = s.tunnel;
  if (state === 'online') return 'online';
  if (state === 'manual') return 'not needed (your own public URL)';
  if (state === 'connecting') return 'connecting…';
  if (state === 'reconnecting') return `reconnecting${error ? ` (${error})` : '…'}`;
  if (state === 'error') return `failed: ${error ?? 'unknown error'}`;
  return s.receiver.state === 'listening' ? 'not needed (local account)' : 'off';
}

function publicUrl(s: LiveStatus): string | null {
  return s.tunnel.publicUrl ?? s.webhook.url;
}

function newest(...times: Array<string | null | undefined>): string | null {
  const known = times.filter((t): t is string => typeof t === 'string');
  return known.sort((a, b) => Date.parse(b) - Date.parse(a))[0] ?? null;
}
