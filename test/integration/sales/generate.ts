// Fills a real store with sales fast: one transaction, one prepared statement.
import type { Database, Statement } from 'better-sqlite3';
import type { NewFulfillment } from '../../../main/store';
import { amountBasis } from '../../../main/store/fulfillment-query';
import { withRawDb } from '../../support/raw-db';

export interface GeneratedSale {
  sessionId: number;
  email: string;
  name: string;
  product: { code: string; name: string };
  amount: number;
  currency: 'EUR' | 'USD' | 'JPY';
  receivedAt: string;
  status: 'new' | 'fulfilled';
}

const PRODUCTS = [
  { code: 'prod_unicorn', name: 'Unicorn' },
  { code: 'prod_ebook', name: 'Ebook, "Deluxe"' },
  { code: 'prod_course', name: 'Course' },
];
const CURRENCIES = ['EUR', 'USD', 'JPY'] as const;

/** Sale i, deterministic: one every `spacingMs` going back from `newest`. */
export function saleAt(i: number, newest: Date, spacingMs: number): GeneratedSale {
  const currency = CURRENCIES[i % 3] ?? 'EUR';
  return {
    sessionId: 1_000_000 + i,
    email: `buyer${i}@example.com`,
    name: `Buyer ${i}`,
    product: PRODUCTS[i % PRODUCTS.length] ?? PRODUCTS[0]!,
    amount: currency === 'JPY' ? 500 + (i % 7) : 1500 + (i % 11),
    currency,
    receivedAt: new Date(newest.getTime() - i * spacingMs).toISOString(),
    status: i % 4 === 0 ? 'new' : 'fulfilled',
  };
}

/**
 * What processing adds to a sale beyond the generated fields (saleFromEvent for a webhook sale,
 * recordSale for a synced one): the store writes them with the amount's basis as `source`
 * implies when left out (amountBasis). The 1M bench passes them so its rows are as full as the
 * console's; without them the seven columns stay NULL, as the smaller tests have always had them.
 */
export type SaleDetails = Pick<
  NewFulfillment,
  | 'description'
  | 'taxName'
  | 'taxRate'
  | 'transactionId'
  | 'gateway'
  | 'amountSource'
  | 'taxIncluded'
>;

/**
 * One sale at a time, with how it reached the console: its source and the stored delivery it was
 * made from (null for a synced sale), as the receiver and sync record them. Returns its id.
 */
export function saleInserter(
  db: Database,
): (
  accountId: number,
  s: GeneratedSale,
  source: 'webhook' | 'sync',
  eventId: number | null,
  details?: SaleDetails,
) => number {
  // Written as the schema-2 columns alone when no details come (older schemas in the tests lack
  // amount_source); the full statement is prepared on the first sale that brings them.
  const bare = db.prepare(
    `INSERT INTO fulfillments (account_id, session_id, permalink, customer_email, customer_name,
       products_json, amount, currency, source, event_id, status, received_at, fulfilled_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  let full: Statement | undefined;
  const fullInsert = () =>
    (full ??= db.prepare(
      `INSERT INTO fulfillments (account_id, session_id, permalink, customer_email, customer_name,
         products_json, amount, currency, source, event_id, status, received_at, fulfilled_at,
         description, tax_name, tax_rate, transaction_id, gateway, amount_source, tax_included)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ));
  return (accountId, s, source, eventId, details) => {
    const generated = [
      accountId,
      s.sessionId,
      `https://sandbox.test/checkout/session/${s.sessionId}`,
      s.email,
      s.name,
      JSON.stringify([s.product]),
      s.amount,
      s.currency,
      source,
      eventId,
      s.status,
      s.receivedAt,
      s.status === 'fulfilled' ? s.receivedAt : null,
    ];
    if (!details) return Number(bare.run(...generated).lastInsertRowid);
    // As the store's insert binds them (fulfillments.ts: withBasis, then bind).
    const basis = amountBasis(source, details.amountSource, details.taxIncluded);
    return Number(
      fullInsert().run(
        ...generated,
        details.description,
        details.taxName,
        details.taxRate,
        details.transactionId,
        details.gateway,
        basis.amountSource,
        basis.taxIncluded === null ? null : basis.taxIncluded ? 1 : 0,
      ).lastInsertRowid,
    );
  };
}

/** Sales from webhooks whose deliveries are not kept (no event id), oldest first. */
export function insertSales(
  db: Database,
  accountId: number,
  sales: Iterable<GeneratedSale>,
): number {
  const insert = saleInserter(db);
  // Oldest first, as the console records sales when they reach it (ids grow with time).
  const chronological = [...sales].sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
  let n = 0;
  db.transaction(() => {
    for (const s of chronological) {
      insert(accountId, s, 'webhook', null);
      n += 1;
    }
  })();
  return n;
}

export function* manySales(
  count: number,
  newest: Date,
  spacingMs: number,
): Generator<GeneratedSale> {
  for (let i = 0; i < count; i++) yield saleAt(i, newest, spacingMs);
}

/** Sales 0 to `count` - 1 (a minute apart back from `newest`) into the store's `file`. */
export function seedSales(file: string, accountId: number, count: number, newest: Date): number {
  return withRawDb(file, (db) => insertSales(db, accountId, manySales(count, newest, 60_000)));
}

/** One received event and one activity line per sale, as the receiver leaves them. */
export function insertEventsFor(
  db: Database,
  accountId: number,
  sales: Iterable<GeneratedSale>,
): void {
  const event = db.prepare(
    `INSERT INTO webhook_events (account_id, received_at, body, body_sha256, headers_json, event_type,
       session_id, business_key, verification, processed_at)
     VALUES (?, ?, ?, ?, '{}', 'checkout.succeeded', ?, ?, 'valid', ?)`,
  );
  const line = db.prepare(
    `INSERT INTO activity (account_id, at, kind, message) VALUES (?, ?, 'sale', ?)`,
  );
  db.transaction(() => {
    for (const s of sales) {
      const body = `{"event_type":"checkout.succeeded","session":${s.sessionId}}`;
      event.run(
        accountId,
        s.receivedAt,
        body,
        `sha-${s.sessionId}`,
        s.sessionId,
        `checkout.succeeded:session:${s.sessionId}`,
        s.receivedAt,
      );
      line.run(accountId, s.receivedAt, `Sale from ${s.email}`);
    }
  })();
}

const SESSION_STATUSES = ['completed', 'pending', 'abandoned', 'failed'] as const;

/** One checkout session per sale (the links the sales came from), as the links module keeps them. */
export function insertSessionsFor(
  db: Database,
  accountId: number,
  sales: Iterable<GeneratedSale>,
): number {
  const insert = db.prepare(
    `INSERT INTO sessions (account_id, id, status, origin, fingerprint, permalink, customer_email,
       customer_first_name, customer_last_name, items_json, total_amount, currency, created_at,
       updated_at)
     VALUES (?, ?, ?, 'console', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  let n = 0;
  db.transaction(() => {
    for (const s of sales) {
      const [first, last] = s.name.split(' ');
      const item = {
        product: s.product.code,
        name: s.product.name,
        quantity: 1,
        unitAmount: s.amount,
        currency: s.currency,
      };
      insert.run(
        accountId,
        s.sessionId,
        SESSION_STATUSES[n % SESSION_STATUSES.length],
        `fp-${s.sessionId}`,
        `https://sandbox.test/checkout/session/${s.sessionId}`,
        s.email,
        first ?? null,
        last ?? null,
        JSON.stringify([item]),
        s.amount,
        s.currency,
        s.receivedAt,
        s.receivedAt,
      );
      n += 1;
    }
  })();
  return n;
}
