// `checkout-console config`: the link defaults the app keeps in Settings › Link defaults, read
// and set from the command line (the same settings row, so the app and the CLI agree).
import type { Settings } from '../../preload/contract';
import { httpUrl } from '../../preload/contract-base';
import type { CheckoutConsole } from '../console';
import { DEFAULT_SETTINGS } from '../settings';
import { type Io, table, UsageError, valueOf } from './output';

/** The settings `config set` changes, by the name the merchant types. */
const SETTABLE = {
  'success-url': 'successUrl',
  'cancel-url': 'cancelUrl',
} as const satisfies Record<string, keyof Settings>;
type SettableName = keyof typeof SETTABLE;

const NAMES = Object.keys(SETTABLE).join(' or ');

const isSettable = (name: string | undefined): name is SettableName =>
  name !== undefined && Object.hasOwn(SETTABLE, name);

const HOW_TO_SET =
  'Set yours with `checkout-console config set success-url URL` and `config set cancel-url URL`.';

export async function runConfig(
  cc: CheckoutConsole,
  flags: { json?: boolean },
  io: Io,
  args: string[],
): Promise<void> {
  const [action, name, value, ...extra] = args;
  if (action === undefined || (action === 'get' && name === undefined)) {
    const settings = valueOf(await cc.call('settings.get', {}));
    if (flags.json) return io.out(JSON.stringify(settings));
    return printSettings(settings, io);
  }
  if (action === 'get') {
    if (!isSettable(name) || value !== undefined)
      throw new UsageError(`config get takes ${NAMES}.`);
    const settings = valueOf(await cc.call('settings.get', {}));
    return io.out(settings[SETTABLE[name]]);
  }
  if (action !== 'set') {
    throw new UsageError(
      `Unknown config action ${JSON.stringify(action)}. Use \`config\` to see the settings or \`config set success-url URL\`.`,
    );
  }
  if (!isSettable(name)) {
    throw new UsageError(
      `config set takes ${NAMES}${name ? `, not ${JSON.stringify(name)}` : ''}.`,
    );
  }
  if (value === undefined) throw new UsageError(`config set ${name} needs a URL.`);
  if (extra.length > 0) throw new UsageError(`Unexpected argument ${JSON.stringify(extra[0])}.`);
  if (!httpUrl().safeParse(value).success) {
    throw new UsageError(
      `${name} must be a full http(s) address such as https://shop.example/thanks, not ${JSON.stringify(value)}.`,
    );
  }
  const next = valueOf(await cc.call('settings.update', { [SETTABLE[name]]: value }));
  if (flags.json) return io.out(JSON.stringify(next));
  io.out(`New links send customers to ${next[SETTABLE[name]]} (${name}).`);
}

function printSettings(settings: Settings, io: Io): void {
  const mark = (key: SettableName) =>
    settings[SETTABLE[key]] === DEFAULT_SETTINGS[SETTABLE[key]] ? '  (placeholder)' : '';
  const rows = [
    ['success-url', `${settings.successUrl}${mark('success-url')}`],
    ['cancel-url', `${settings.cancelUrl}${mark('cancel-url')}`],
    ['locale', settings.locale],
    ['payment-methods', settings.paymentMethods.join(', ')],
    ['billing-details', settings.billingDetailsCollection],
    ['coupons', settings.couponCollection ? 'yes' : 'no'],
  ];
  for (const line of table(rows)) io.out(line);
  if (mark('success-url') || mark('cancel-url')) io.out(HOW_TO_SET);
}

/**
 * One line for `link create` when the link's success or cancel address is still the
 * placeholder, naming it and how to set one's own; null when both are the merchant's.
 */
export async function placeholderNotice(
  cc: CheckoutConsole,
  given: { successUrl?: string | undefined; cancelUrl?: string | undefined },
): Promise<string | null> {
  const settings = await cc.call('settings.get', {});
  if (!settings.ok) return null;
  const current = settings.value;
  const used = (['successUrl', 'cancelUrl'] as const).filter(
    (key) => !given[key] && current[key] === DEFAULT_SETTINGS[key],
  );
  if (used.length === 0) return null;
  const urls = used.map((key) => current[key]).join(' and ');
  return `This link uses the placeholder ${urls} after payment. ${HOW_TO_SET}`;
}
