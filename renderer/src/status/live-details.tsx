import type { ReactNode } from 'react';
import { signatureSchemeLabels, type LiveStatus } from '../../../preload/contract';
import { toErrorPayload } from '../errors';
import { relativeTime } from '../dates';
import { CopyText } from './copy-text';
import type { Tone } from './live-sentence';
import { SyncNow, useLastSyncAt } from './sync-now';
import { useLiveStatus } from './use-live-status';

/**
 * How sales reach this computer, in full: the receiver's port, the tunnel and its public URL,
 * the webhook, the signature scheme, the last event and sync. The strip says one sentence;
 * this is where a merchant (or support) looks when that sentence is not the good one.
 */
export function LiveDetails() {
  const { status, error, sync, now } = useLiveStatus();
  const lastSyncAt = useLastSyncAt(sync, status?.lastSyncAt ?? null);
  const syncing = sync?.running === true;
  return (
    <section className="live-details card" aria-labelledby="live-details-heading">
      <h2 id="live-details-heading">Receiving now</h2>
      <dl className="live-facts">
        {status ? (
          <>
            <Fact tone={receiverTone(status)} label="Receiver" value={receiverText(status)} />
            <Fact tone={tunnelTone(status)} label="Tunnel" value={tunnelText(status)} />
            {publicUrl(status) ? (
              <Fact label="Public URL">
                <CopyText text={publicUrl(status) ?? ''} label="Copy URL" />
              </Fact>
            ) : null}
            <Fact tone={webhookTone(status)} label="Webhook" value={webhookText(status)} />
            <Fact label="Last event" value={relativeTime(status.lastEventAt, now)} />
            {status.signatureScheme ? (
              <Fact
                tone={status.signatureScheme === 'unverifiable' ? 'busy' : 'ok'}
                label="Signatures"
                value={signatureSchemeLabels[status.signatureScheme]}
                title="How Quaderno's last webhook delivery proved it came from Quaderno."
              />
            ) : null}
          </>
        ) : error ? (
          <Fact
            tone="off"
            label="Live status"
            value={`Live status unavailable: ${toErrorPayload(error).message}`}
          />
        ) : (
          <Fact label="Live status" value="Checking the receiver…" />
        )}
        <Fact label="Last sync" value={syncing ? 'running…' : relativeTime(lastSyncAt, now)} />
      </dl>
      <div className="live-sync">
        <SyncNow sync={sync} />
      </div>
    </section>
  );
}

interface FactProps {
  label: string;
  tone?: Tone;
  value?: string;
  title?: string;
  children?: ReactNode;
}

function Fact({ label, tone, value, title, children }: FactProps) {
  return (
    <div className="live-fact">
      <dt>{label}</dt>{' '}
      <dd title={title}>
        {tone ? <span className={`strip-dot strip-dot-${tone}`} aria-hidden="true" /> : null}
        {value}
        {children}
      </dd>
    </div>
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

function webhookTone(s: LiveStatus): Tone {
  if (s.webhook.state === 'registered') return 'ok';
  if (s.webhook.state === 'registering') return 'busy';
  return s.webhook.state === 'error' ? 'bad' : 'off';
}

function webhookText(s: LiveStatus): string {
  switch (s.webhook.state) {
    case 'registered':
      return s.webhook.url ? `registered: ${s.webhook.url}` : 'registered';
    case 'registering':
      return 'registering…';
    case 'error':
      return `not registered: ${s.webhook.error ?? 'unknown error'}`;
    default:
      return 'none';
  }
}

function publicUrl(s: LiveStatus): string | null {
  return s.tunnel.publicUrl ?? s.webhook.url;
}
