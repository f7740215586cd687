// What `demo` waits for and prints beyond `listen`'s sale lines: the receiver ready for the
// sandbox, and the links whose customer did not pay (failed or abandoned on the checkout page).
import type { LiveStatus } from '../../preload/contract';
import { formatMoney } from '../../preload/money';
import type { CheckoutConsole } from '../console';
import { ConsoleError } from '../errors';
import type { Io } from './output';

// Registering the webhook with the local sandbox takes a few calls; a loaded machine is slow.
const READY_BOUND_MS = 60_000;
// One event names the sessions one delivery or sync run changed; more is not a demo's doing.
const MAX_LINKS_PER_EVENT = 100;

/** Resolves once the sandbox's webhook points at the receiver; throws what stands in the way. */
export async function waitUntilReceiving(cc: CheckoutConsole, port?: number): Promise<void> {
  let off = () => {};
  let timer: NodeJS.Timeout | undefined;
  let last: LiveStatus | null = null;
  try {
    last = await new Promise<LiveStatus>((resolve, reject) => {
      const check = (s: LiveStatus) => {
        last = s;
        if (s.receiver.state === 'error' || s.webhook.state === 'registered') resolve(s);
      };
      off = cc.on('receiver.status', check);
      timer = setTimeout(() => reject(notReady(last)), READY_BOUND_MS);
      // Not holding the process open: a signal ends the demo while it waits.
      timer.unref();
      void cc.call('live.status', {}).then((got) => got.ok && check(got.value));
    });
  } finally {
    off();
    clearTimeout(timer);
  }
  const problem = last.receiver.error;
  if (last.receiver.state !== 'error') return;
  if (port !== undefined && problem && /already in use/i.test(problem)) {
    throw new ConsoleError(
      'conflict',
      `Port ${port} is already in use, so the demo cannot receive its sales there. Run it with another --port, or without --port for any free port.`,
    );
  }
  throw new ConsoleError('internal', problem ?? 'The webhook receiver could not start.');
}

function notReady(last: LiveStatus | null): ConsoleError {
  const why = last?.webhook.error ?? last?.receiver.error;
  return new ConsoleError(
    'timeout',
    `The demo's receiver was not ready within ${READY_BOUND_MS / 1000} s${why ? ` (${why})` : ''}. Run \`checkout-console demo\` again.`,
  );
}

/** Prints each link that newly failed or was abandoned, once per state, as `listen` would. */
export function createEndedLinkPrinter(cc: CheckoutConsole, io: Io, json: boolean) {
  const reported = new Set<string>();
  return async (ids: number[]): Promise<void> => {
    for (const id of ids.slice(0, MAX_LINKS_PER_EVENT)) {
      const got = await cc.call('links.get', { id });
      if (!got.ok) continue;
      const { link } = got.value;
      if (link.status !== 'failed' && link.status !== 'abandoned') continue;
      const key = `${link.id}:${link.status}:${link.updatedAt}`;
      if (reported.has(key)) continue;
      reported.add(key);
      if (json) {
        io.out(JSON.stringify({ event: 'link', at: new Date().toISOString(), data: link }));
        continue;
      }
      const what = link.items.map((i) => i.name).join(', ');
      const total = link.currency ? `${formatMoney(link.total, link.currency)} ` : '';
      const outcome =
        link.status === 'failed'
          ? 'the payment failed; this link can no longer be paid'
          : 'left the checkout page; the link can still be paid';
      io.out(
        `${link.status} #${link.id}: ${total}from ${link.customer.email} for ${what} (${outcome})`,
      );
    }
  };
}
