// Sales as a real merchant's file holds them (history-1m.ts): each sale the receiver recorded
// keeps its webhook delivery (the raw signed body, its headers, processed) and names it
// (fulfillments.event_id); a sale that sync found first has no delivery.
import type { Database } from 'better-sqlite3';
import { signWebhook } from '../../main/receiver';
import { parseEventBody } from '../../main/receiver/payload';
import { saleFromEvent } from '../../main/receiver/process';
import { createSessionsRepo } from '../../main/store';
import { sha256 } from '../../main/store/events';
import { saleInserter, type GeneratedSale, type SaleDetails } from '../integration/sales/generate';

const URL = 'https://checkout-console-bench.loca.lt/hooks/9f2c41d7e0b84a3c';
const AUTH_KEY = 'bench-auth-key';
const COUNTRIES = [
  { country: 'ES', city: 'Valencia', postal: '46001', tax: 'IVA', rate: 21 },
  { country: 'DE', city: 'Berlin', postal: '10115', tax: 'MwSt', rate: 19 },
  { country: 'FR', city: 'Lyon', postal: '69001', tax: 'TVA', rate: 20 },
  { country: 'US', city: 'Austin', postal: '73301', tax: 'Sales tax', rate: 8.25 },
  { country: 'JP', city: 'Osaka', postal: '530-0001', tax: 'JCT', rate: 10 },
] as const;

/**
 * How a sale reached the console. Sync records a sale only when its delivery never came (the
 * console was closed, the tunnel down) and the receiver had not seen it: 1 in 25 here.
 */
export function sourceOf(i: number): 'webhook' | 'sync' {
  return i % 25 === 24 ? 'sync' : 'webhook';
}

/** Sale i's checkout.succeeded delivery as Quaderno sends it (docs/quaderno-api.md). */
export function deliveryBody(i: number, s: GeneratedSale): string {
  const place = COUNTRIES[i % COUNTRIES.length] ?? COUNTRIES[0];
  const [first, last] = s.name.split(' ');
  const minor = s.currency === 'JPY' ? 1 : 100;
  return JSON.stringify({
    event_type: 'checkout.succeeded',
    account_id: 1,
    data: {
      object: {
        message: { response_message: 'Checkout succeeded', status_code: 200 },
        transaction_details: {
          session: s.sessionId,
          session_permalink: `https://demo.quadernoapp.com/checkout/session/${s.sessionId}`,
          gateway: i % 5 === 0 ? 'paypal' : 'stripe',
          type: 'charge',
          description: s.product.name,
          customer: `cus_${(i * 7919).toString(36).padStart(14, '0')}`,
          email: s.email,
          transaction: `pi_3${(i * 104729).toString(36).padStart(23, 'Q')}`,
          product_id: s.product.code,
          tax_name: place.tax,
          tax_rate: place.rate,
          extra_tax_name: null,
          extra_tax_rate: null,
          iat: Math.floor(Date.parse(s.receivedAt) / 1000),
          amount_cents: s.amount,
          amount: (s.amount / minor).toFixed(s.currency === 'JPY' ? 0 : 2),
          currency: s.currency,
        },
        contact: {
          id: 4_000_000 + i,
          url: `https://demo.quadernoapp.com/api/contacts/${4_000_000 + i}`,
          kind: 'person',
          processor: 'stripe',
          processor_id: `cus_${(i * 7919).toString(36).padStart(14, '0')}`,
          company: null,
          phone_1: null,
          first_name: first,
          last_name: last,
          full_name: s.name,
          email: s.email,
          country: place.country,
          postal_code: place.postal,
          region: null,
          city: place.city,
          street_line_1: `${(i % 200) + 1} Market Street`,
          street_line_2: null,
          tax_id: null,
          language: 'en',
          created_at: s.receivedAt,
        },
      },
    },
  });
}

/** The headers the receiver keeps with a delivery (storableHeaders), as the tunnel forwards it. */
function headersOf(i: number, body: string): string {
  return JSON.stringify({
    host: 'checkout-console-bench.loca.lt',
    'user-agent': 'Ruby',
    accept: '*/*',
    'accept-encoding': 'gzip;q=1.0,deflate;q=0.6,identity;q=0.3',
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(body)),
    'x-quaderno-signature': signWebhook(AUTH_KEY, URL, body),
    'x-forwarded-for': `34.240.${(i >> 8) % 256}.${i % 256}`,
    'x-forwarded-proto': 'https',
    'x-real-ip': `34.240.${(i >> 8) % 256}.${i % 256}`,
    connection: 'close',
  });
}

// What sync's recordSale writes beyond the generated fields: nothing from a delivery, the amount
// the session's items (amountBasis, from source 'sync').
const SYNCED: SaleDetails = {
  description: null,
  taxName: null,
  taxRate: null,
  transactionId: null,
  gateway: null,
};

export interface SeedTimes {
  eventsMs: number;
  salesMs: number;
}

/** What processing fills from a stored delivery's body (main/receiver/process.ts). */
function processed(
  sessions: ReturnType<typeof createSessionsRepo>,
  accountId: number,
  id: number,
  receivedAt: string,
  body: string,
): SaleDetails {
  const parsed = parseEventBody(JSON.parse(body));
  if (!parsed) throw new Error(`delivery ${id} is not a checkout event`);
  const event = { id, accountId, receivedAt, body, verification: 'valid' as const };
  const sale = saleFromEvent({ sessions }, event, parsed);
  return {
    description: sale.description,
    taxName: sale.taxName,
    taxRate: sale.taxRate,
    transactionId: sale.transactionId,
    gateway: sale.gateway,
    amountSource: sale.amountSource,
    taxIncluded: sale.taxIncluded,
  };
}

/**
 * Sales (index and sale, oldest first) with the delivery each webhook sale came from, in one
 * transaction: the deliveries first, each naming the sale it became (fulfillment_id, processed a
 * few ms after it arrived), then the sales naming them (event_id), as the receiver leaves them.
 * A webhook sale's description, tax, transaction id, gateway and amount basis are what
 * processing takes from its delivery (saleFromEvent on the same body), so its row and search
 * document are as full as the console writes them; a synced sale's are as sync writes them.
 */
export function insertSalesWithEvents(
  db: Database,
  accountId: number,
  sales: Array<{ i: number; sale: GeneratedSale }>,
  times: SeedTimes,
): void {
  const event = db.prepare(
    `INSERT INTO webhook_events (id, account_id, received_at, body, body_sha256, headers_json,
       event_type, session_id, business_key, verification, processed_at, fulfillment_id)
     VALUES (?, ?, ?, ?, ?, ?, 'checkout.succeeded', ?, ?, 'valid', ?, ?)`,
  );
  const insertSale = saleInserter(db);
  // Read by saleFromEvent for the session's products; the links are written after the sales.
  const sessions = createSessionsRepo(db);
  const next = (table: string) =>
    Number(db.prepare(`SELECT coalesce(max(id), 0) + 1 FROM ${table}`).pluck().get());
  db.transaction(() => {
    let t0 = performance.now();
    let eventId = next('webhook_events');
    let saleId = next('fulfillments');
    const eventIds: Array<number | null> = [];
    const details: SaleDetails[] = [];
    for (const { i, sale: s } of sales) {
      if (sourceOf(i) === 'sync') {
        eventIds.push(null);
        details.push(SYNCED);
      } else {
        const body = deliveryBody(i, s);
        const processedAt = new Date(Date.parse(s.receivedAt) + 40 + (i % 60)).toISOString();
        event.run(
          eventId,
          accountId,
          s.receivedAt,
          body,
          sha256(body),
          headersOf(i, body),
          s.sessionId,
          `checkout.succeeded:session:${s.sessionId}`,
          processedAt,
          saleId,
        );
        eventIds.push(eventId);
        details.push(processed(sessions, accountId, eventId, s.receivedAt, body));
        eventId += 1;
      }
      saleId += 1;
    }
    times.eventsMs += performance.now() - t0;
    t0 = performance.now();
    sales.forEach(({ i, sale }, k) => {
      const id = insertSale(accountId, sale, sourceOf(i), eventIds[k] ?? null, details[k]);
      if (id !== saleId - sales.length + k)
        throw new Error(`sale ${i} got id ${id}, not its event's`);
    });
    times.salesMs += performance.now() - t0;
  })();
}
