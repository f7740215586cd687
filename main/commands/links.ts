// `link create`, `links`, `link cancel` and `link qr`: checkout links from the command line.
import {
  type Envelope,
  type Link,
  isSessionStatus,
  productLine,
  sessionStatuses,
} from '../../preload/contract';
import { formatMoney } from '../../preload/money';
import type { CheckoutConsole } from '../console';
import { ConsoleError } from '../errors';
import { formatTime, type Io, table, UsageError, valueOf } from './output';
import { parseUnitPrice } from './unit-price';
import { seeHelp } from './args';
import { placeholderNotice } from './config';
import { NO_ACCOUNT_HINT } from './accounts';
import { parseWhole, wholeNumber } from './whole-number';
import { qrTarget, writeQr } from './link-qr-file';
import type { OutFileRules } from './out-file';
import { flagMistakes } from './link-input-errors';

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
  utc?: boolean;
  /** `link create --qr FILE.png`: also write the link's QR code there. */
  qr?: string;
  /** The QR code's PNG may replace an existing file. */
  force?: boolean;
  /** `links`: how many, and from which, newest first. */
  limit?: string;
  offset?: string;
}

export interface ItemSpec {
  product: string;
  quantity: number;
  /** The unit price as typed after `@`, in major units ("5.00"). */
  price?: string;
}

// The contract's own bound (preload/contract-links.ts), said here in the CLI's words.
const MAX_QUANTITY = 10_000;

/** CODE, CODE:QTY, CODE@PRICE or CODE:QTY@PRICE. */
export function parseItem(spec: string): ItemSpec {
  const at = spec.lastIndexOf('@');
  const head = at < 0 ? spec : spec.slice(0, at);
  const price = at < 0 ? undefined : spec.slice(at + 1).trim();
  if (price === '') throw new UsageError(`--item ${spec}: put a price after @, like ${head}@5.00.`);
  const colon = head.lastIndexOf(':');
  const quantity = colon <= 0 ? 1 : parseWhole(head.slice(colon + 1), 1, MAX_QUANTITY);
  if (quantity === undefined) {
    throw new UsageError(
      `--item ${spec}: the quantity must be a whole number from 1 to ${MAX_QUANTITY}, not ${JSON.stringify(head.slice(colon + 1))}.`,
    );
  }
  const item: ItemSpec = { product: colon <= 0 ? head : head.slice(0, colon), quantity };
  if (price !== undefined) item.price = price;
  return item;
}

/** Turns each `@PRICE` into the contract's override, in the product's own currency. */
async function itemsInput(cc: CheckoutConsole, specs: ItemSpec[]) {
  if (!specs.some((s) => s.price !== undefined)) return specs;
  let products = valueOf(await cc.call('products.list', {}));
  if (specs.some((s) => !products.some((p) => p.code === s.product))) {
    products = valueOf(await cc.call('products.sync', {}));
  }
  return specs.map(({ product, quantity, price }) => {
    if (price === undefined) return { product, quantity };
    const found = products.find((p) => p.code === product);
    // Never sent without its price: a link at the catalogue price is not what was asked for.
    if (!found) {
      throw new ConsoleError(
        'invalid_input',
        `There is no product ${JSON.stringify(product)} in this account's catalogue. Run \`checkout-console products\` to see the codes.`,
      );
    }
    const unitAmount = parseUnitPrice(price, found.currency, product);
    return found.currency
      ? { product, quantity, unitAmount, currency: found.currency }
      : { product, quantity, unitAmount };
  });
}

/** An unknown product code: the app points at its product picker, the CLI at `products`. */
function inCliWords<T>(answer: Envelope<T>, specs: string[]): Envelope<T> {
  if (answer.ok) return answer;
  const field = Object.keys(answer.error.fields ?? {}).find((f) => /^items\.\d+\.product$/.test(f));
  if (field === undefined) return answer;
  const spec = specs[Number(field.split('.')[1])] ?? '';
  const message = `--item ${spec}: there is no product ${JSON.stringify(parseItem(spec).product)} in this account's catalogue. Run \`checkout-console products\` to see the codes.`;
  return { ok: false, error: { code: answer.error.code, message } };
}

const total = (link: Link) => (link.currency ? formatMoney(link.total, link.currency) : '');

async function create(
  cc: CheckoutConsole,
  flags: LinkFlags,
  io: Io,
  rules: OutFileRules,
): Promise<void> {
  if (!flags.email) throw new UsageError('link create needs --email (the customer’s email).');
  if (!flags.item?.length)
    throw new UsageError('link create needs at least one --item CODE[:QTY][@PRICE].');
  const items = await itemsInput(cc, flags.item.map(parseItem));
  // Before the link is made: a retry after a refused file would make another with --new.
  const qrPath = flags.qr === undefined ? undefined : qrTarget(flags.qr, rules);
  const customer = {
    email: flags.email,
    ...(flags['first-name'] ? { firstName: flags['first-name'] } : {}),
    ...(flags['last-name'] ? { lastName: flags['last-name'] } : {}),
    ...(flags.company ? { company: flags.company } : {}),
  };
  const answer = flagMistakes(
    await cc.call('links.create', {
      customer,
      items,
      ...(flags['success-url'] ? { successUrl: flags['success-url'] } : {}),
      ...(flags['cancel-url'] ? { cancelUrl: flags['cancel-url'] } : {}),
      forceNew: flags.new === true,
    }),
    { ...flags },
  );
  const result = valueOf(inCliWords(answer, flags.item));
  const { link, reused } = result;
  const given = { successUrl: flags['success-url'], cancelUrl: flags['cancel-url'] };
  const notice = reused ? null : await placeholderNotice(cc, given);
  if (notice) io.err(notice);
  let qrFailure: unknown;
  const qr =
    qrPath === undefined
      ? undefined
      : await writeQr(link, qrPath, rules).catch((e: unknown) => {
          qrFailure = e;
          return undefined;
        });
  // The link exists whatever became of its QR code: it is printed first.
  if (flags.json) {
    io.out(JSON.stringify({ ...link, reused, emailText: result.emailText, ...(qr ? { qr } : {}) }));
  } else {
    io.out(link.permalink);
    io.err(
      reused
        ? `Reused the open link ${link.id} from ${formatTime(link.createdAt, flags.utc)} (${total(link)}). Add --new for a fresh one.`
        : `Created link ${link.id} for ${link.customer.email} (${total(link)}).`,
    );
    if (qr) io.err(`Wrote its QR code to ${qr}.`);
  }
  if (qrFailure !== undefined) throw qrLeftOut(link, qrFailure);
}

/** The QR code's failure, once its link was printed: how to get the code without a new link. */
function qrLeftOut(link: Link, failure: unknown): ConsoleError {
  const why = failure instanceof Error ? failure.message : String(failure);
  return new ConsoleError(
    'invalid_input',
    `Link ${link.id} was made (printed above), but its QR code was not written. ${why} Then run \`checkout-console link qr ${link.id} FILE.png\` for its code.`,
    { cause: failure },
  );
}

/** `link qr ID FILE.png`: the QR code of a link made earlier, for one that can still be paid. */
async function qrOf(
  cc: CheckoutConsole,
  args: string[],
  flags: LinkFlags,
  io: Io,
  rules: OutFileRules,
) {
  const [idText = '', file] = args;
  const id = parseWhole(idText, 1);
  if (id === undefined || !file) {
    throw new UsageError(
      'link qr needs the link id and a PNG file, e.g. checkout-console link qr 12 link.png; `checkout-console links` lists the ids.',
    );
  }
  const { link } = await cc.call('links.get', { id }).then((answer) => {
    if (!answer.ok && answer.error.code === 'not_found') {
      throw new UsageError(`No link ${id}; \`checkout-console links\` lists them.`);
    }
    return valueOf(answer);
  });
  const path = await writeQr(link, file, rules);
  if (flags.json) io.out(JSON.stringify({ id: link.id, permalink: link.permalink, qr: path }));
  else io.out(`Wrote the QR code of link ${link.id} (${link.permalink}) to ${path}.`);
}

async function cancel(cc: CheckoutConsole, idText: string | undefined, flags: LinkFlags, io: Io) {
  const id = idText === undefined ? undefined : parseWhole(idText, 1);
  if (id === undefined) {
    throw new UsageError(
      idText === undefined
        ? 'link cancel needs the link id, e.g. checkout-console link cancel 12.'
        : `link cancel needs a link id (a number), not ${JSON.stringify(idText)}; \`checkout-console links\` lists them.`,
    );
  }
  const link = await cc.call('links.cancel', { id }).then((answer) => {
    // The app's message points at its list; here the list is a command.
    if (!answer.ok && answer.error.code === 'not_found') {
      throw new UsageError(`No link ${id}; \`checkout-console links\` lists them.`);
    }
    return valueOf(answer);
  });
  if (flags.json) io.out(JSON.stringify(link));
  else
    io.out(`Cancelled link ${link.id} for ${link.customer.email}; its permalink no longer works.`);
}

export async function runLink(
  cc: CheckoutConsole,
  flags: LinkFlags,
  io: Io,
  args: string[],
  dataDir: string,
): Promise<void> {
  const [action, id, ...extra] = args;
  const rules: OutFileRules = { dataDir, force: flags.force === true };
  if (action === 'qr' && extra.length <= 1) return qrOf(cc, args.slice(1), flags, io, rules);
  if (flags.qr !== undefined && action !== 'create') {
    throw new UsageError(
      '--qr FILE goes with link create; for a link made earlier use `link qr ID FILE`.',
    );
  }
  if (extra.length > 0) {
    const more = seeHelp(['link', action ?? '']);
    throw new UsageError(`Unexpected argument ${JSON.stringify(extra[0])}. ${more}`);
  }
  if (flags.force && flags.qr === undefined && action === 'create') {
    throw new UsageError('--force goes with --qr FILE.png: it lets the QR code replace a file.');
  }
  if (action === 'create' && id === undefined) return create(cc, flags, io, rules);
  if (action === 'cancel') return cancel(cc, id, flags, io);
  throw new UsageError(
    'Use `link create --email E --item CODE[:QTY][@PRICE]`, `link cancel ID` or `link qr ID FILE.png`.',
  );
}

export async function runLinks(cc: CheckoutConsole, flags: LinkFlags, io: Io): Promise<void> {
  const status = flags.status;
  if (status !== undefined && !isSessionStatus(status)) {
    const known = sessionStatuses.slice(0, -1).join(', ');
    throw new UsageError(
      `--status ${status} is not a link status; use ${known} or ${sessionStatuses.at(-1)}.`,
    );
  }
  const limit = flags.limit === undefined ? undefined : wholeNumber('--limit', flags.limit);
  if (limit !== undefined && limit > 500) {
    throw new UsageError(`--limit: use 1 to 500. ${seeHelp(['links'])}`);
  }
  const offset = flags.offset === undefined ? 0 : wholeNumber('--offset', flags.offset, 0);
  const page = valueOf(
    await cc.call('links.list', {
      ...(status ? { status } : {}),
      ...(limit === undefined ? {} : { limit }),
      offset,
    }),
  );
  if (flags.json) return io.out(JSON.stringify(page.items));
  if (page.items.length === 0 && page.total > 0) {
    return io.out(`No links past --offset ${offset} (${page.total} match).`);
  }
  if (page.items.length === 0) {
    // `link create` would fail for want of an account: say what sets one up, as products does.
    const accounts = valueOf(await cc.call('accounts.list', {}));
    return io.out(
      accounts.length === 0 ? NO_ACCOUNT_HINT : 'No links yet. Create one with `link create`.',
    );
  }
  const rows = [
    ['ID', 'STATUS', 'CUSTOMER', 'ITEMS', 'TOTAL', 'CREATED', 'REUSED'],
    ...page.items.map((l) => [
      String(l.id),
      l.status,
      l.customer.email,
      l.items
        .map((i) => productLine({ name: i.name, code: i.product, quantity: i.quantity }))
        .join(', '),
      total(l),
      formatTime(l.createdAt, flags.utc),
      String(l.reuseCount),
    ]),
  ];
  for (const line of table(rows)) io.out(line);
  const shown = offset + page.items.length;
  if (page.total > shown) io.out(`… ${page.total - shown} more (--offset ${shown}).`);
}
