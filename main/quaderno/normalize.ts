// One conversion from Quaderno's checkout session to the console's model, shared by links,
// the webhook receiver and sync so they never disagree about amounts or customers.
import type { LinkCustomer, LinkItem, SessionStatus } from '../../preload/contract-links';
import { ConsoleError } from '../errors';
import { toMinorUnits } from './money';
import type { QuadernoSession } from './schemas';

export const FINGERPRINT_KEY = 'console_fingerprint';
/** The metadata key naming the one fresh link a forceNew request asked for (its tries share it). */
export const REQUEST_KEY = 'console_request';

export interface NormalizedSession {
  id: number;
  status: SessionStatus;
  permalink: string;
  /** email is '' when Quaderno has none. */
  customer: LinkCustomer;
  /** unitAmount in integer minor units of the item's currency. */
  items: LinkItem[];
  total: number;
  currency: string;
  metadata: Record<string, unknown>;
  /** metadata.console_fingerprint, when the console made the session. */
  fingerprint: string | null;
  /** ISO time Quaderno created the session, when it says. */
  createdAt?: string | null;
}

/**
 * Metadata is kept as JSON text in the store. Rails refuses bodies nested past 100 levels, so no
 * session Quaderno accepted nests deeper; an answer that does (60 KB reach 10,000 levels) could
 * not be written, and the sync page holding it failed on every run, its sales with it.
 */
const MAX_METADATA_DEPTH = 100;

/** Whether `value` nests objects or arrays more than `max` levels below it; no recursion. */
function nestsDeeper(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const [inner, depth] = next;
    if (typeof inner !== 'object' || inner === null) continue;
    if (depth > max) return true;
    for (const child of Object.values(inner)) stack.push([child, depth + 1]);
  }
  return false;
}

/** The metadata, less any entry nested too deep to store; the others (fingerprint) stay. */
function storableMetadata(metadata: Record<string, unknown>): Record<string, unknown> {
  if (!nestsDeeper(metadata, MAX_METADATA_DEPTH)) return metadata;
  return Object.fromEntries(
    Object.entries(metadata).filter(([, value]) => !nestsDeeper(value, MAX_METADATA_DEPTH - 1)),
  );
}

function isoTime(value: string | number | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  // Numbers are Unix seconds (older API versions); strings are ISO 8601.
  const date = typeof value === 'number' ? new Date(value * 1000) : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

function mixedCurrencies(id: number, currencies: string[]): ConsoleError {
  const list = `${currencies.slice(0, -1).join(', ')} and ${currencies.at(-1) ?? ''}`;
  return new ConsoleError(
    'bad_response',
    `Quaderno sent checkout session ${JSON.stringify(String(id))} with items in ${list}; one checkout charges one currency, so Checkout Console cannot total it. Check that session's items in Quaderno.`,
  );
}

export function normalizeSession(
  s: QuadernoSession,
  products?: (code: string) => { name: string } | undefined,
): NormalizedSession {
  // One checkout charges one currency (docs/quaderno-api.md); an item without one takes the others'.
  const currency = (s.items.find((i) => i.currency)?.currency ?? 'EUR').toUpperCase();
  const currencies = [...new Set(s.items.map((i) => (i.currency ?? currency).toUpperCase()))];
  // A total adding EUR cents to USD cents would be wrong money in every report: named instead.
  if (currencies.length > 1) throw mixedCurrencies(s.id, currencies.sort());
  const items: LinkItem[] = s.items.map((item) => {
    const itemCurrency = (item.currency ?? currency).toUpperCase();
    return {
      product: item.product,
      name: item.name ?? products?.(item.product)?.name ?? item.product,
      quantity: item.quantity ?? 1,
      // Quaderno sends session amounts in hundredths of the major unit for every currency.
      unitAmount: toMinorUnits(item.amount ?? 0, itemCurrency),
      currency: itemCurrency,
    };
  });
  const metadata = storableMetadata(s.metadata ?? {});
  const fingerprint = metadata[FINGERPRINT_KEY];
  const c = s.customer;
  return {
    id: s.id,
    status: s.status,
    permalink: s.permalink,
    customer: {
      email: c?.email ?? '',
      firstName: c?.first_name ?? null,
      lastName: c?.last_name ?? null,
      company: c?.company ?? null,
      billingCountry: c?.billing_country ?? null,
    },
    items,
    total: items.reduce((sum, i) => sum + i.unitAmount * i.quantity, 0),
    currency,
    metadata,
    fingerprint: typeof fingerprint === 'string' && fingerprint !== '' ? fingerprint : null,
    createdAt: isoTime(s.created_at),
  };
}
