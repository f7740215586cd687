import type { LiveStatus } from '../../../preload/contract';
import { relativeTime } from '../dates';

export type Tone = 'ok' | 'busy' | 'bad' | 'off';

export interface LiveFacts {
  status: LiveStatus;
  /** False while main reports Quaderno unreachable. */
  online: boolean;
  /** The active account is the built-in sandbox: its sales are test sales. */
  sandbox: boolean;
  /** When the newest sale in the ledger arrived; null before the first. */
  lastSaleAt: string | null;
  now: number;
}

/**
 * The strip's one sentence: whether sales reach the desk right now and, if not, the one reason
 * that matters to a merchant. Ports, URLs and schemes are in Settings › Webhooks and tunnel.
 */
export function liveSentence(facts: LiveFacts): { tone: Tone; text: string } {
  const { status, online } = facts;
  if (!online) return { tone: 'bad', text: 'Not receiving: Quaderno cannot be reached' };
  if (status.receiver.state === 'error') {
    return { tone: 'bad', text: 'Not receiving: the receiver stopped, see Settings' };
  }
  if (status.receiver.state === 'stopped') return { tone: 'off', text: 'Not receiving sales' };
  switch (status.tunnel.state) {
    case 'connecting':
      return { tone: 'busy', text: 'Starting: opening the tunnel for sales…' };
    case 'reconnecting':
      return { tone: 'busy', text: 'Not receiving: the tunnel is down, retrying' };
    case 'error':
      return { tone: 'bad', text: 'Not receiving: the tunnel failed, see Settings' };
    default:
      break;
  }
  if (status.webhook.state === 'error') {
    // No address: it was never sent, as the saved public URL breaks the rule (main/live).
    const why =
      status.webhook.url === null
        ? 'the public URL cannot be used'
        : 'Quaderno refused the webhook';
    return { tone: 'bad', text: `Not receiving live: ${why}, see Settings` };
  }
  // Sales arrive live only once Quaderno has this console's webhook: before that ('none' while
  // the tunnel or the registration is on its way) a payment would reach sync, not the desk.
  if (status.webhook.state !== 'registered') {
    return { tone: 'busy', text: 'Starting: telling Quaderno where to send sales…' };
  }
  const what = facts.sandbox ? 'Receiving sandbox sales live' : 'Receiving sales live';
  const last = facts.lastSaleAt
    ? `last sale ${relativeTime(facts.lastSaleAt, facts.now)}`
    : 'no sales yet';
  return { tone: 'ok', text: `${what} · ${last}` };
}
