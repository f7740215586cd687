// Keeps the tray's state from the console's events and hands each new view to the shell:
// receiver.status and connectivity.changed set the icon, fulfillments.changed counts unseen
// sales and re-reads today's revenue and the count to deliver.
import { localTimeZone } from '../../preload/time-zone';
import type { CheckoutConsole } from '../console';
import { freshSales } from './sound';
import {
  initialTrayState,
  trayIcon,
  trayMenu,
  trayTooltip,
  type TrayIconName,
  type TrayMenuItem,
  type TrayState,
} from './tray';

export interface TrayView {
  icon: TrayIconName;
  tooltip: string;
  menu: TrayMenuItem[];
}

export interface TrayRunnerDeps {
  console: Pick<CheckoutConsole, 'invoke' | 'on'>;
  /** Draws a view; called only when it differs from the last one drawn. */
  render(view: TrayView): void;
  /** Whether the merchant is looking at the window (shown and focused): no "new sale" then. */
  windowInFront(): boolean;
  now?: () => Date;
}

export interface TrayRunner {
  /** The window came to the front: the new sales have been seen. */
  windowShown(): void;
  /** Re-reads today's revenue and the count (the tray has no "menu about to open" everywhere). */
  refresh(): void;
  /** Resolves once every change heard so far is in the view. */
  whenIdle(): Promise<void>;
  state(): TrayState;
  stop(): void;
}

export function startTrayRunner(deps: TrayRunnerDeps): TrayRunner {
  const now = deps.now ?? (() => new Date());
  let state: TrayState = initialTrayState;
  let drawn = '';
  let stopped = false;
  const counted = new Set<number>();
  const heard = new Set<'live' | 'online'>();

  function update(patch: Partial<TrayState>): void {
    state = { ...state, ...patch };
    const view: TrayView = {
      icon: trayIcon(state),
      tooltip: trayTooltip(state),
      menu: trayMenu(state),
    };
    const key = JSON.stringify(view);
    if (stopped || key === drawn) return;
    drawn = key;
    deps.render(view);
  }

  async function readFigures(): Promise<void> {
    const [totals, undelivered] = await Promise.all([
      // Today from this machine's own midnight, also on a clock-change day.
      deps.console.invoke('fulfillments.totals', localTimeZone()).catch(() => null),
      deps.console.invoke('fulfillments.undelivered', {}).catch(() => null),
    ]);
    // No account (or no ledger yet): nothing sold, nothing to deliver.
    update({ today: totals?.today ?? [], undelivered: undelivered?.count ?? 0 });
  }

  async function countUnseen(ids: number[]): Promise<void> {
    const fresh = ids.filter((id) => !counted.has(id));
    for (const id of fresh) counted.add(id);
    if (fresh.length === 0 || deps.windowInFront()) return;
    const sales = await freshSales(deps.console, fresh, now());
    if (sales.length > 0) update({ unseenSales: state.unseenSales + sales.length });
  }

  let queue: Promise<void> = Promise.resolve();
  const enqueue = (work: () => Promise<void>): void => {
    queue = queue.then(work).catch(() => undefined);
  };
  const offs = [
    deps.console.on('fulfillments.changed', ({ ids }) => {
      enqueue(() => countUnseen(ids));
      enqueue(readFigures);
    }),
    deps.console.on('receiver.status', (live) => {
      heard.add('live');
      update({ live });
    }),
    deps.console.on('connectivity.changed', ({ online }) => {
      heard.add('online');
      update({ online });
    }),
    deps.console.on('accounts.changed', () => enqueue(readFigures)),
    deps.console.on('jobs.changed', () => enqueue(readFigures)),
  ];
  // Drawn at once: a tray without a menu until the first answers would open on nothing.
  update({});
  enqueue(async () => {
    const [live, connectivity] = await Promise.all([
      deps.console.invoke('live.status', {}).catch(() => null),
      deps.console.invoke('app.connectivity', {}).catch(() => null),
    ]);
    // An event heard while these were on their way is newer: keep it.
    update({
      ...(heard.has('live') ? {} : { live }),
      ...(heard.has('online') || !connectivity ? {} : { online: connectivity.online }),
    });
  });
  enqueue(readFigures);

  return {
    windowShown: () => update({ unseenSales: 0 }),
    refresh: () => enqueue(readFigures),
    whenIdle: () => queue,
    state: () => state,
    stop() {
      stopped = true;
      for (const off of offs) off();
    },
  };
}
