// When the page should play the sale chime: once per batch of new paid sales the merchant has not
// heard of, and only if they said yes to the sound. Main decides and the page plays (main has no
// audio of its own); the decision runs under Node in tests.
import type { Emit, Fulfillment, Settings } from '../../preload/contract';
import type { CheckoutConsole } from '../console';
import { NOTIFY_WITHIN_MS } from './notifications';

type ConsoleReader = Pick<CheckoutConsole, 'invoke'>;

/**
 * The sales among `ids` that are news: still to deliver and received lately. A sale is recorded
 * only once paid, so a failed or abandoned checkout never gets here; older ones are history a
 * sync is catching up on.
 */
export async function freshSales(
  console: ConsoleReader,
  ids: readonly number[],
  now: Date,
): Promise<Fulfillment[]> {
  const sales: Fulfillment[] = [];
  for (const id of ids) {
    const sale = await console.invoke('fulfillments.get', { id }).catch(() => null);
    if (!sale || sale.status !== 'new') continue;
    if (now.getTime() - Date.parse(sale.receivedAt) <= NOTIFY_WITHIN_MS) sales.push(sale);
  }
  return sales;
}

export interface SaleSoundDeps {
  console: Pick<CheckoutConsole, 'invoke' | 'on'>;
  emit: Emit;
  now?: () => Date;
}

export interface SaleSound {
  /** Resolves once every change heard so far has been decided on. */
  whenIdle(): Promise<void>;
  stop(): void;
}

export function startSaleSound(deps: SaleSoundDeps): SaleSound {
  const now = deps.now ?? (() => new Date());
  // A sale edited later (delivered, noted) is heard again: it chimes once per run at most.
  const heard = new Set<number>();
  let stopped = false;

  async function decide(ids: number[]): Promise<void> {
    const fresh = ids.filter((id) => !heard.has(id));
    for (const id of fresh) heard.add(id);
    if (fresh.length === 0) return;
    const settings = await deps.console
      .invoke('settings.get', {})
      .catch((): Settings | null => null);
    // null is "not asked yet": silence until the merchant says yes.
    if (settings?.saleSound !== true) return;
    const sales = await freshSales(deps.console, fresh, now());
    if (stopped || sales.length === 0) return;
    // One chime for a batch (a sync after a night offline), not one per sale.
    const newest = sales.reduce((a, b) => (b.receivedAt > a.receivedAt ? b : a));
    deps.emit('desk.saleSound', { id: newest.id });
  }

  let queue: Promise<void> = Promise.resolve();
  const off = deps.console.on('fulfillments.changed', ({ ids }) => {
    queue = queue.then(() => decide(ids)).catch(() => undefined);
  });
  return {
    whenIdle: () => queue,
    stop() {
      stopped = true;
      off();
    },
  };
}
