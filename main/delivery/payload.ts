// The sale as a rule's action receives it (types.ts's DeliveryPayload), built again for every
// try, with the licence keys the sale holds: taken from the pools on the first try and the same
// keys on every retry (the repo keeps them with the sale).
import type { DeliveryRule, SaleLicenceKey } from '../../preload/contract-delivery';
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
    const quantity = typeof p.quantity === 'number' ? Math.max(0, p.quantity) : 1;
    if (quantity === 0) continue;
    needs.set(p.code, (needs.get(p.code) ?? 0) + quantity);
  }
  return needs;
}

export interface TakenKeys {
  keys: SaleLicenceKey[];
  /** Pools that fell below LOW_KEYS_BELOW after this sale took from them. */
  low: Array<{ productCode: string; free: number }>;
  /** Products whose pool ran out before the sale had all its keys. */
  short: string[];
}

/** The sale's keys for `rule`, taking from the pools what it does not hold yet. */
export function takeLicenceKeys(
  repo: Pick<LicenceKeysRepo, 'takeForSale' | 'pools'>,
  accountId: number,
  sale: Pick<Fulfillment, 'id' | 'products'>,
  rule: Pick<DeliveryRule, 'productCode'>,
): TakenKeys {
  const keys: SaleLicenceKey[] = [];
  const short: string[] = [];
  const needs = keysNeeded(sale, rule);
  for (const [productCode, count] of needs) {
    const taken = repo.takeForSale(accountId, sale.id, productCode, count);
    if (taken.short > 0) short.push(productCode);
    for (const key of taken.keys) keys.push({ productCode, key });
  }
  const low = repo
    .pools(accountId, LOW_KEYS_BELOW)
    .filter((p) => needs.has(p.productCode) && p.low)
    .map((p) => ({ productCode: p.productCode, free: p.free }));
  return { keys, low, short };
}

/** Retrying cannot mend an empty pool: the merchant adds keys, then retries the job. */
export function noKeysLeft(short: string[]): DeliveryFailure {
  return new DeliveryFailure(`No licence key left for ${short.join(', ')}: add keys, then Retry`, {
    retryable: false,
  });
}

/** The JSON a forward endpoint receives and a command reads on stdin, for one try. */
export function buildPayload(
  job: Pick<ClaimedJob, 'idempotencyKey'>,
  rule: Pick<DeliveryRule, 'id' | 'name'>,
  sale: Fulfillment,
  licenceKeys: SaleLicenceKey[],
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
