// `fulfillments` (the sales, filtered and paged) and `fulfillment done|undo ID`: the desk from the
// command line, for a merchant on a server or a script that delivers.
import { productLine, type Envelope, type Fulfillment } from '../../preload/contract';
import { formatMoney } from '../../preload/money';
import type { CheckoutConsole } from '../console';
import { seeHelp } from './args';
import { calendarDay, DAY_SHAPE } from './calendar-day';
import { wholeNumber } from './whole-number';
import { formatTime, type Io, table, UsageError, valueOf } from './output';

export interface FulfillmentFlags {
  since?: string;
  until?: string;
  status?: string;
  limit?: string;
  offset?: string;
  note?: string;
  json?: boolean;
  utc?: boolean;
}

/** What `fulfillments` printed before it had --limit: every script reading it still gets that. */
const DEFAULT_LIMIT = 500;

/**
 * A YYYY-MM-DD day as the instant it starts, in the local time zone (UTC with --utc); `nextDay`
 * gives the start of the day after, so --until includes its whole day. An ISO instant passes.
 */
export function dayFlag(flag: string, text: string, utc: boolean, nextDay = false): string {
  if (DAY_SHAPE.test(text)) {
    // The day itself is checked before the day after is counted: 2026-13-99 is no day at all.
    const day = calendarDay(text);
    if (day) {
      const { year, month } = day;
      const d = day.day + (nextDay ? 1 : 0);
      return (utc ? new Date(Date.UTC(year, month, d)) : new Date(year, month, d)).toISOString();
    }
  } else if (/^\d{4}-\d{2}-\d{2}T.+(Z|[+-]\d{2}:\d{2})$/.test(text)) {
    const at = new Date(text);
    if (!Number.isNaN(at.getTime())) return at.toISOString();
  }
  throw new UsageError(
    `${flag} needs a day as YYYY-MM-DD (or an ISO time with its offset), not ${JSON.stringify(text)}.`,
  );
}

function statusFlag(text: string | undefined): 'new' | 'fulfilled' | undefined {
  if (text === undefined || text === 'new' || text === 'fulfilled') return text;
  throw new UsageError(`--status ${text} is not a sale status; use new or fulfilled.`);
}

export async function runFulfillments(cc: CheckoutConsole, flags: FulfillmentFlags, io: Io) {
  const utc = flags.utc === true;
  const status = statusFlag(flags.status);
  const limit = flags.limit === undefined ? DEFAULT_LIMIT : wholeNumber('--limit', flags.limit);
  if (limit > 500) throw new UsageError(`--limit: use 1 to 500. ${seeHelp(['fulfillments'])}`);
  const offset = flags.offset === undefined ? 0 : wholeNumber('--offset', flags.offset, 0);
  const query = {
    ...(status ? { status } : {}),
    ...(flags.since === undefined ? {} : { from: dayFlag('--since', flags.since, utc) }),
    ...(flags.until === undefined ? {} : { to: dayFlag('--until', flags.until, utc, true) }),
    limit,
    offset,
  };
  const page = valueOf(await cc.call('fulfillments.list', query));
  if (flags.json) return io.out(JSON.stringify(page));
  const filtered = status !== undefined || query.from !== undefined || query.to !== undefined;
  if (page.items.length === 0) {
    if (page.total > 0) return io.out(`No sales past --offset ${offset} (${page.total} match).`);
    return io.out(
      filtered ? 'No sales match.' : 'No sales yet. `checkout-console listen` receives them live.',
    );
  }
  const rows = [
    ['ID', 'RECEIVED', 'CUSTOMER', 'AMOUNT', 'STATUS', 'SOURCE', 'PRODUCTS'],
    ...page.items.map((f) => [
      String(f.id),
      formatTime(f.receivedAt, utc),
      f.customerEmail ?? f.customerName ?? '',
      formatMoney(f.amount, f.currency),
      f.status,
      f.source,
      f.products.map(productLine).join(', '),
    ]),
  ];
  for (const line of table(rows)) io.out(line);
  const shown = offset + page.items.length;
  if (page.total > shown)
    io.out(`… ${page.total - shown} older sale(s) not shown (--offset ${shown}).`);
}

const noSale = (id: number) =>
  new UsageError(`No sale ${id}; \`checkout-console fulfillments\` lists them.`);

function knownSale(answer: Envelope<Fulfillment>, id: number): Fulfillment {
  if (!answer.ok && answer.error.code === 'not_found') throw noSale(id);
  return valueOf(answer);
}

export async function runFulfillment(
  cc: CheckoutConsole,
  flags: FulfillmentFlags,
  io: Io,
  args: string[],
) {
  const [action, idText, ...extra] = args;
  if (action !== 'done' && action !== 'undo') {
    throw new UsageError(
      `Use \`fulfillment done ID\` or \`fulfillment undo ID\`. ${seeHelp(['fulfillment'])}`,
    );
  }
  if (extra.length > 0) {
    throw new UsageError(
      `Unexpected argument ${JSON.stringify(extra[0])}. ${seeHelp(['fulfillment', action])}`,
    );
  }
  if (idText === undefined) {
    throw new UsageError(
      `fulfillment ${action} needs the sale's id; \`checkout-console fulfillments\` lists them.`,
    );
  }
  const id = wholeNumber(`fulfillment ${action}`, idText);
  // Read first so an undo of a sale still to deliver says so instead of "is back to deliver".
  const before =
    action === 'undo' ? knownSale(await cc.call('fulfillments.get', { id }), id) : undefined;
  const sale = knownSale(
    action === 'done'
      ? await cc.call('fulfillments.markFulfilled', {
          id,
          ...(flags.note === undefined ? {} : { note: flags.note }),
        })
      : await cc.call('fulfillments.undo', { id }),
    id,
  );
  if (flags.json) return io.out(JSON.stringify(sale));
  const who = sale.customerEmail ?? sale.customerName ?? 'an unknown customer';
  const what = `Sale ${sale.id} (${formatMoney(sale.amount, sale.currency)} from ${who})`;
  io.out(
    action === 'done'
      ? `${what} is marked delivered${sale.note ? ` (note: ${sale.note})` : ''}.`
      : before?.status === 'fulfilled'
        ? `${what} is back to deliver.`
        : `${what} was not marked delivered: nothing to undo.`,
  );
}
