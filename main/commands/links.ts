// `link create`, `links` and `link cancel`: checkout links from the command line.
import type { Link, LinkResult } from '../../preload/contract';
import { formatMoney } from '../../preload/money';
import type { CheckoutConsole } from '../console';
import { type Io, table, UsageError, valueOf } from './output';

export interface LinkFlags {
  email?: string;
  item?: string[];
  'first-name'?: string;
  'last-name'?: string;
  company?: string;
  'success-url'?: string;
  'cancel-url'?: string;
  new?: boolean;
  status?: string;
  json?: boolean;
}

/** CODE or CODE:QTY; a bad quantity is left for the contract to explain. */
export function parseItem(spec: string): { product: string; quantity: number } {
  const at = spec.lastIndexOf(':');
  if (at <= 0) return { product: spec, quantity: 1 };
  return { product: spec.slice(0, at), quantity: Number(spec.slice(at + 1)) };
}

const total = (link: Link) => (link.currency ? formatMoney(link.total, link.currency) : '');

async function create(cc: CheckoutConsole, flags: LinkFlags, io: Io): Promise<void> {
  if (!flags.email) throw new UsageError('link create needs --email (the customer’s email).');
  if (!flags.item?.length)
    throw new UsageError('link create needs at least one --item CODE[:QTY].');
  const customer = {
    email: flags.email,
    ...(flags['first-name'] ? { firstName: flags['first-name'] } : {}),
    ...(flags['last-name'] ? { lastName: flags['last-name'] } : {}),
    ...(flags.company ? { company: flags.company } : {}),
  };
  const result = valueOf<LinkResult>(
    await cc.call('links.create', {
      customer,
      items: flags.item.map(parseItem),
      ...(flags['success-url'] ? { successUrl: flags['success-url'] } : {}),
      ...(flags['cancel-url'] ? { cancelUrl: flags['cancel-url'] } : {}),
      forceNew: flags.new === true,
    }),
  );
  const { link, reused } = result;
  if (flags.json) {
    io.out(JSON.stringify({ ...link, reused, emailText: result.emailText }));
    return;
  }
  io.out(link.permalink);
  io.err(
    reused
      ? `Reused the open link ${link.id} from ${link.createdAt} (${total(link)}). Add --new for a fresh one.`
      : `Created link ${link.id} for ${link.customer.email} (${total(link)}).`,
  );
}

async function cancel(cc: CheckoutConsole, idText: string | undefined, flags: LinkFlags, io: Io) {
  const id = Number(idText);
  if (!idText || !Number.isSafeInteger(id) || id <= 0) {
    throw new UsageError('link cancel needs the link id, e.g. checkout-console link cancel 12.');
  }
  const link = valueOf<Link>(await cc.call('links.cancel', { id }));
  if (flags.json) io.out(JSON.stringify(link));
  else
    io.out(`Cancelled link ${link.id} for ${link.customer.email}; its permalink no longer works.`);
}

export async function runLink(
  cc: CheckoutConsole,
  flags: LinkFlags,
  io: Io,
  args: string[],
): Promise<void> {
  const [action, id, ...extra] = args;
  if (extra.length > 0) throw new UsageError(`Unexpected argument ${JSON.stringify(extra[0])}.`);
  if (action === 'create' && id === undefined) return create(cc, flags, io);
  if (action === 'cancel') return cancel(cc, id, flags, io);
  throw new UsageError('Use `link create --email E --item CODE[:QTY]` or `link cancel ID`.');
}

export async function runLinks(cc: CheckoutConsole, flags: LinkFlags, io: Io): Promise<void> {
  const page = valueOf<{ items: Link[]; total: number }>(
    await cc.call('links.list', flags.status ? { status: flags.status } : {}),
  );
  if (flags.json) return io.out(JSON.stringify(page.items));
  if (page.items.length === 0) return io.out('No links yet. Create one with `link create`.');
  const rows = [
    ['ID', 'STATUS', 'CUSTOMER', 'ITEMS', 'TOTAL', 'CREATED', 'REUSED'],
    ...page.items.map((l) => [
      String(l.id),
      l.status,
      l.customer.email,
      l.items.map((i) => (i.quantity > 1 ? `${i.quantity}×${i.name}` : i.name)).join(', '),
      total(l),
      l.createdAt.slice(0, 16).replace('T', ' '),
      String(l.reuseCount),
    ]),
  ];
  for (const line of table(rows)) io.out(line);
  if (page.total > page.items.length) io.out(`… ${page.total - page.items.length} more.`);
}
