// The sale as a rule's action receives it (types.ts's DeliveryPayload), built again for every
// try, with the licence keys the sale holds: taken from the pools on the first try and the same
// keys on every retry (the repo keeps them with the sale).
import type { DeliveryRule, LicenceKey } from '../../preload/contract-delivery';
import type { Fulfillment } from '../../preload/contract-live';
import {
  DeliveryFailure,
  type ClaimedJob,
  type DeliveryPayload,
  type LicenceKeysRepo,
} from './types';

/** A pool with fewer free keys than this warns the merchant ('keys.low', the pools list). */
export const LOW_KEYS_BELOW = 5;

/**
 * How many keys of each product a sale needs under `rule`: one per unit bought (a quantity
 * nobody reported counts as 1; a line reported as 0 units bought nothing, so it takes none), for
 * the rule's product only when it names one.
 */
export function keysNeeded(
  sale: Pick<Fulfillment, 'products'>,
  rule: Pick<DeliveryRule, 'productCode'>,
): Map<string, number> {
  const needs = new Map<string, number>();
  for (const p of sale.products) {
    if (rule.productCode !== null && p.code !== rule.productCode) continue;
    // A key count is whole: 1.5 units (Quaderno's quantity is any number) take 2 keys; SQLite's
    // LIMIT refuses a fraction, which would fail every try of the job.
    const quantity =
      typeof p.quantity === 'number' && Number.isFinite(p.quantity)
        ? Math.ceil(Math.max(0, p.quantity))
        : 1;
    if (quantity === 0) continue;
    needs.set(p.code, (needs.get(p.code) ?? 0) + quantity);
  }
  return needs;
}

export interface TakenKeys {
  keys: LicenceKey[];
  /** Pools that fell below LOW_KEYS_BELOW after this sale took from them. */
  low: Array<{ productCode: string; free: number }>;
  /**
   * Products whose pool has too few free keys for the sale, which then took none (a product
   * short never keeps another's keys from other sales), each named as the merchant knows it.
   */
  short: ShortProduct[];
}

export interface ShortProduct {
  productCode: string;
  /** The catalogue's name, else the sale's; null when neither names it. */
  productName: string | null;
}

/** The sale's keys for `rule`, taking from the pools what it does not hold yet: all, or none. */
export function takeLicenceKeys(
  repo: Pick<LicenceKeysRepo, 'takeAllForSale' | 'pools'>,
  accountId: number,
  sale: Pick<Fulfillment, 'id' | 'products'>,
  rule: Pick<DeliveryRule, 'productCode'>,
): TakenKeys {
  const needs = keysNeeded(sale, rule);
  const taken = repo.takeAllForSale(accountId, sale.id, needs);
  const pools = repo.pools(accountId, LOW_KEYS_BELOW);
  const low = pools
    .filter((p) => needs.has(p.productCode) && p.low)
    .map((p) => ({ productCode: p.productCode, free: p.free }));
  const short = taken.short.map((productCode): ShortProduct => {
    const known = pools.find((p) => p.productCode === productCode)?.productName;
    const onSale = sale.products.find((p) => p.code === productCode)?.name;
    return { productCode, productName: known || onSale || null };
  });
  return { keys: taken.keys, low, short };
}

/** "Ebook Pro (prod_7)" when the product has a name other than its code, else its code. */
export function productLabel(p: ShortProduct): string {
  const name = p.productName?.trim();
  return name && name !== p.productCode ? `${name} (${p.productCode})` : p.productCode;
}

/**
 * Retrying cannot mend an empty pool: the job waits for the merchant to add keys, which sends
 * it back to the queue (licence-keys.ts's add).
 */
export class NoKeysLeft extends DeliveryFailure {
  /** The products whose keys the job waits for. */
  readonly productCodes: readonly string[];
  constructor(short: readonly ShortProduct[]) {
    const names = short.map(productLabel).join(', ');
    super(`No licence key left for ${names}: add keys and the delivery is tried again`, {
      retryable: false,
    });
    this.productCodes = short.map((p) => p.productCode);
  }
}

export function noKeysLeft(short: readonly ShortProduct[]): NoKeysLeft {
  return new NoKeysLeft(short);
}

/** The JSON a forward endpoint receives and a command reads on stdin, for one try. */
export function buildPayload(
  job: Pick<ClaimedJob, 'idempotencyKey'>,
  rule: Pick<DeliveryRule, 'id' | 'name'>,
  sale: Fulfillment,
  licenceKeys: LicenceKey[],
  sentAt: Date,
): DeliveryPayload {
  return {
    type: 'sale.delivery',
    idempotencyKey: job.idempotencyKey,
    rule: { id: rule.id, name: rule.name },
    sale: {
      id: sale.id,
      sessionId: sale.sessionId,
      permalink: sale.permalink,
      customerEmail: sale.customerEmail,
      customerName: sale.customerName,
      products: sale.products,
      amount: sale.amount,
      currency: sale.currency,
      transactionId: sale.transactionId,
      receivedAt: sale.receivedAt,
    },
    licenceKeys,
    sentAt: sentAt.toISOString(),
  };
}
