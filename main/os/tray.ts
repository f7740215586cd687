// What the tray shows, as pure functions of what the console last said: the icon's state, the
// tooltip in words and the context menu as plain data. tray-runner.ts keeps the state from the
// console's events; main/index.ts turns the menu into Electron's.
import type { CurrencyTotal, LiveStatus } from '../../preload/contract';
import { formatMoney } from '../../preload/money';

export type TrayIconName = 'normal' | 'new-sale' | 'receiver-down' | 'offline';
export type TrayAction = 'open' | 'new-link' | 'quit';

export interface TrayState {
  /** Whether Quaderno answered lately (connectivity.changed). */
  online: boolean;
  /** The last receiver.status; null before the first one. */
  live: LiveStatus | null;
  /** New sales heard while the window was not in front; cleared when it is shown. */
  unseenSales: number;
  /** Sales a person must still deliver; null while unknown. */
  undelivered: number | null;
  /** Today's revenue per currency (fulfillments.totals). */
  today: CurrencyTotal[];
}

export type TrayMenuItem =
  | { kind: 'info'; label: string }
  | { kind: 'separator' }
  | { kind: 'action'; label: string; action: TrayAction };

export const initialTrayState: TrayState = {
  online: true,
  live: null,
  unseenSales: 0,
  undelivered: null,
  today: [],
};

/** Why sales would not reach this computer now, in the merchant's words; null when they would. */
export function receiverProblem(live: LiveStatus | null): string | null {
  if (live === null) return null; // still starting: not a problem yet
  if (live.receiver.state === 'error') return 'the receiver stopped with an error';
  if (live.receiver.state === 'stopped') return 'the receiver is stopped';
  if (live.tunnel.state === 'error') return 'the tunnel failed';
  if (live.tunnel.state === 'reconnecting') return 'the tunnel is reconnecting';
  // As the page's strip says it (renderer live-sentence): no webhook, no live sales. No URL
  // means it was never sent: the saved public URL breaks Quaderno's rule.
  if (live.webhook.state === 'error') {
    return live.webhook.url === null
      ? 'the public URL cannot be used'
      : 'Quaderno refused the webhook';
  }
  return null;
}

/**
 * Trouble outranks good news: a sale already arrived and will still be on the desk, while a
 * receiver that is down loses the next ones until someone looks.
 */
export function trayIcon(state: TrayState): TrayIconName {
  if (!state.online) return 'offline';
  if (receiverProblem(state.live) !== null) return 'receiver-down';
  if (state.unseenSales > 0) return 'new-sale';
  return 'normal';
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

function statusWords(state: TrayState): string {
  if (!state.online) return 'Offline: Quaderno cannot be reached';
  const problem = receiverProblem(state.live);
  if (problem !== null) return `Not receiving sales: ${problem}`;
  if (state.unseenSales > 0) return `${plural(state.unseenSales, 'new sale', 'new sales')}`;
  return receiving(state.live) ? 'Receiving sales' : 'Starting';
}

/**
 * As the page's strip says it (renderer live-sentence): sales arrive live only once the tunnel
 * is up and Quaderno has this console's webhook; before that a payment reaches sync, not the desk.
 */
function receiving(live: LiveStatus | null): boolean {
  return live !== null && live.tunnel.state !== 'connecting' && live.webhook.state === 'registered';
}

function money(total: CurrencyTotal): string {
  try {
    return formatMoney(total.amount, total.currency);
  } catch {
    return `${total.amount} ${total.currency}`;
  }
}

/** ", €5.00 refunded" after today's net revenue, when anything was. */
function refundedWords(total: CurrencyTotal): string {
  if (!total.refunded) return '';
  return `, ${money({ ...total, amount: total.refunded })} refunded`;
}

function deliverWords(undelivered: number | null): string | null {
  if (undelivered === null) return null;
  return undelivered === 0 ? 'Nothing to deliver' : `${undelivered} to deliver`;
}

/** "Checkout Console: 2 new sales · 3 to deliver" (one line: Linux trays drop the rest). */
export function trayTooltip(state: TrayState): string {
  const deliver = deliverWords(state.undelivered);
  return `Checkout Console: ${statusWords(state)}${deliver ? ` · ${deliver}` : ''}`;
}

export function trayMenu(state: TrayState): TrayMenuItem[] {
  const today: TrayMenuItem[] =
    state.today.length === 0
      ? [{ kind: 'info', label: 'No sales today' }]
      : state.today.map((t) => ({
          kind: 'info',
          label: `Today ${money(t)} (${plural(t.count, 'sale', 'sales')}${refundedWords(t)})`,
        }));
  const deliver = deliverWords(state.undelivered);
  return [
    { kind: 'info', label: statusWords(state) },
    ...today,
    ...(deliver ? [{ kind: 'info', label: deliver } as const] : []),
    { kind: 'separator' },
    { kind: 'action', label: 'New link…', action: 'new-link' },
    { kind: 'action', label: 'Open Checkout Console', action: 'open' },
    { kind: 'separator' },
    { kind: 'action', label: 'Quit Checkout Console', action: 'quit' },
  ];
}
