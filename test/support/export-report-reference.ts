// The export's paid time and country read the slow way, per sale, in JavaScript: the reference
// export-reports.test compares the store's SQL reading (fulfillment-query.ts) with, byte for byte.
import type { Fulfillment } from '../../preload/contract';
import type { SaleReport, Store } from '../../main/store';

type Json = Record<string, unknown>;
const objectIn = (v: unknown): Json | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : undefined;

/** The `iat` and contact country of the event that reported the sale (untrusted JSON). */
function eventFacts(body: string): { iat: unknown; country: unknown } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { iat: undefined, country: undefined };
  }
  const object = objectIn(objectIn(objectIn(parsed)?.data)?.object);
  return {
    iat: objectIn(object?.transaction_details)?.iat,
    country: objectIn(object?.contact)?.country,
  };
}

/**
 * What the reports said about `sale`, from its event's body and its link. Only what the export
 * reads survives: an iat that is a number or a string, a country that is a string.
 */
export function lookUpReport(
  store: Pick<Store, 'activityLog' | 'sessions'>,
  accountId: number,
  sale: Fulfillment,
): SaleReport {
  const event =
    sale.eventId === null ? undefined : store.activityLog.eventDetail(accountId, sale.eventId);
  const facts = event ? eventFacts(event.body) : { iat: undefined, country: undefined };
  const linkCountry = store.sessions.get(accountId, sale.sessionId)?.customer.billingCountry;
  return {
    iat: typeof facts.iat === 'number' || typeof facts.iat === 'string' ? facts.iat : null,
    eventCountry: typeof facts.country === 'string' ? facts.country : null,
    linkCountry: linkCountry ?? null,
  };
}
