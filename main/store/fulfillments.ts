// One sale to deliver per completed session. Whoever reports it first (webhook, sync, or an
// API-confirmed event) creates the row; later reports enrich it, never duplicate it.
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import type {
  AmountSource,
  Fulfillment,
  FulfillmentSource,
  SaleProduct,
} from '../../preload/contract-live';
import { ConsoleError } from '../errors';
import {
  amountBasis,
  createFulfillmentQueries,
  FULFILLMENT_COLUMNS,
  toFulfillment,
  type FulfillmentFilter,
  type ReportedFulfillment,
} from './fulfillment-query';
import { createReusedIdFlag, isReusedId } from './sessions';
import { systemNow } from './clock';
import { prepareUndoRequeue, type RequeuedJob } from './delivery-jobs';
import type { ListTotal } from './text-search';

export { fulfillmentSearch, type SearchClause } from './fulfillment-search';
export {
  amountBasis,
  FULFILLMENT_COLUMNS,
  toFulfillment,
  type FulfillmentFilter,
  type ReportedFulfillment,
  type SaleReport,
} from './fulfillment-query';

export type NewFulfillment = Omit<
  Fulfillment,
  | 'id'
  | 'status'
  | 'fulfilledAt'
  | 'note'
  | 'eventId'
  | 'amountSource'
  | 'taxIncluded'
  | 'refundedAmount'
> & {
  /** The webhook event that reported it, if any. */
  eventId?: number | null;
  /** Left out: as `source` implies (see amountBasis). */
  amountSource?: AmountSource;
  taxIncluded?: boolean | null;
};

export interface FulfillmentQuery {
  status?: 'new' | 'fulfilled';
  search?: string;
  currency?: string;
  from?: string;
  to?: string;
  limit: number;
  offset: number;
  /** Count a searched list's hits only this far past the page (see boundedTotal). */
  countAhead?: number | undefined;
}

export interface RecordResult {
  id: number;
  created: boolean;
  /** The session id holds a sale for another permalink, which was kept as it was. */
  idReused?: true;
  /** The delivery jobs the new sale got (present when it got any): the worker has work. */
  jobs?: number[];
}

export interface FulfillmentsRepo {
  record(accountId: number, f: NewFulfillment): RecordResult;
  /**
   * record() without a savepoint of its own, for a caller already in a transaction that undoes
   * everything it did when this throws (processing: one savepoint per event). The savepoint and
   * its release cost as much as the insert itself there. Throws outside a transaction.
   */
  recordWithin(accountId: number, f: NewFulfillment): RecordResult;
  get(accountId: number, id: number): Fulfillment | undefined;
  bySession(accountId: number, sessionId: number): Fulfillment | undefined;
  list(accountId: number, q: FulfillmentQuery): { items: Fulfillment[] } & ListTotal;
  /** Every matching sale, newest first, read as it is consumed, with what its reports said (for exports). */
  iterate(accountId: number, f: FulfillmentFilter): Generator<ReportedFulfillment>;
  /** The same without the reports (the daily summary's tallies). */
  iterateBare(accountId: number, f: FulfillmentFilter): Generator<Fulfillment>;
  markFulfilled(accountId: number, id: number, note?: string): Fulfillment;
  /**
   * The sale is to deliver again, in one transaction with its jobs that wait for keys its
   * products' pools now hold going back to the queue, due now (`requeued`, for the caller to
   * announce). A sale not marked fulfilled is left as it is (`undone: false`): nothing to undo.
   */
  undo(
    accountId: number,
    id: number,
  ): { sale: Fulfillment; requeued: RequeuedJob[]; undone: boolean };
  countNew(accountId: number): number;
}

// A webhook carries the most detail (transaction, gateway, tax); sync only what the API
// lists. The stronger source's values win; a weaker one only fills gaps.
const RANK: Record<FulfillmentSource, number> = { sync: 0, api_confirmed: 1, webhook: 2 };

const countRow = z.object({ n: z.number().int() });

type Mergeable = Omit<NewFulfillment, 'eventId'> &
  Pick<Fulfillment, 'amountSource' | 'taxIncluded'>;

const MERGED_KEYS = [
  'permalink',
  'customerEmail',
  'customerName',
  'description',
  'taxName',
  'taxRate',
  'transactionId',
  'gateway',
] as const;

function withBasis(f: NewFulfillment): NewFulfillment & Mergeable {
  return { ...f, ...amountBasis(f.source, f.amountSource, f.taxIncluded) };
}

const counted = (products: SaleProduct[]) => products.some((p) => typeof p.quantity === 'number');

// A checkout event names the product's code alone: a report that knows how many were bought
// keeps its products against a stronger one that does not.
function mergedProducts(strong: SaleProduct[], weak: SaleProduct[]): SaleProduct[] {
  if (strong.length === 0 || (!counted(strong) && counted(weak))) return weak;
  return strong;
}

// The amount travels with its basis: a webhook enriching a sync row brings amount_cents (tax
// included) and says so; a weaker report after it changes neither.
function merge(old: Fulfillment, next: Mergeable): Mergeable {
  const stronger = RANK[next.source] > RANK[old.source];
  const { id: _id, status: _s, fulfilledAt: _f, note: _n, eventId: _e, ...kept } = old;
  const out: Mergeable = stronger ? { ...kept, ...next } : { ...kept };
  for (const key of MERGED_KEYS) {
    const a = stronger ? next[key] : old[key];
    const b = stronger ? old[key] : next[key];
    Object.assign(out, { [key]: a ?? b });
  }
  out.products = stronger
    ? mergedProducts(next.products, old.products)
    : mergedProducts(old.products, next.products);
  // The first report's time is when the sale reached the merchant.
  out.receivedAt = old.receivedAt;
  if (!stronger) out.signatureWarning = old.signatureWarning;
  return out;
}

export interface FulfillmentsHooks {
  /**
   * Called inside the transaction that created the sale (never for a later report of it), so
   * what it writes (the delivery outbox) commits with the sale or not at all. Returns job ids.
   */
  onCreated?: (accountId: number, saleId: number, sale: NewFulfillment) => number[];
  /**
   * Called inside the transaction of a later report that names products the sale did not have
   * yet (a webhook after sync), while the sale is still to deliver: those products' rules get
   * their jobs with it. Returns job ids.
   */
  onProductsAdded?: (accountId: number, saleId: number, codes: string[]) => number[];
  /**
   * Called inside the transaction of a later report that changed the sale's amount or
   * transaction id (a webhook after sync): what was refunded of it is read again.
   */
  onAmountOrTransactionChanged?: (
    accountId: number,
    saleId: number,
    sale: { sessionId: number; transactionId: string | null; currency: string },
  ) => void;
}

/**
 * A sale or event the active account does not have: the one wording for it, given by this
 * repo's markFulfilled and undo, by main/sales for a sale or event it cannot read and by
 * main/delivery's rules.preview for the sale a preview is asked for; test doubles import it
 * rather than copy it. The words show in the sale detail, for a notification's sale and in the
 * activity log (the command line says "No sale N" for any sale's not_found instead), so they
 * point at no list (a screen with one refreshes it itself) and say both ways one leaves an
 * account's history.
 */
export function notFound(what: 'sale' | 'event', id?: number): ConsoleError {
  const which = id === undefined ? `That ${what}` : `${what === 'sale' ? 'Sale' : 'Event'} ${id}`;
  const where = what === 'sale' ? 'sales' : 'history';
  const how = what === 'sale' ? 'was sold under' : 'came to';
  return new ConsoleError(
    'not_found',
    `${which} is not in the active account's ${where}. If it ${how} another account, switch to ` +
      'that account to see it; otherwise it was removed, with its account or by restoring an ' +
      'older backup.',
  );
}

export function createFulfillmentsRepo(
  db: Database,
  now: () => string = systemNow,
  hooks: FulfillmentsHooks = {},
): FulfillmentsRepo {
  const queries = createFulfillmentQueries(db);
  const selectOne = db.prepare(
    `SELECT ${FULFILLMENT_COLUMNS} FROM fulfillments WHERE account_id = ? AND id = ?`,
  );
  const selectBySession = db.prepare(
    `SELECT ${FULFILLMENT_COLUMNS} FROM fulfillments WHERE account_id = ? AND session_id = ?`,
  );
  // No RETURNING: the new row's id is lastInsertRowid (the search and count triggers' own
  // inserts do not change it once they end), and RETURNING builds an ephemeral table per
  // statement; processing inserts one sale per event.
  const insert = db.prepare(
    `INSERT INTO fulfillments (account_id, session_id, permalink, customer_email, customer_name,
       products_json, description, amount, currency, tax_name, tax_rate, transaction_id, gateway,
       source, signature_warning, event_id, received_at, amount_source, tax_included)
     VALUES (@accountId, @sessionId, @permalink, @customerEmail, @customerName, @products,
       @description, @amount, @currency, @taxName, @taxRate, @transactionId, @gateway, @source,
       @signatureWarning, @eventId, @receivedAt, @amountSource, @taxIncluded)`,
  );
  const update = db.prepare(
    `UPDATE fulfillments SET permalink = @permalink, customer_email = @customerEmail,
       customer_name = @customerName, products_json = @products, description = @description,
       amount = @amount, currency = @currency, tax_name = @taxName, tax_rate = @taxRate,
       transaction_id = @transactionId, gateway = @gateway, source = @source,
       signature_warning = @signatureWarning, event_id = coalesce(@eventId, event_id),
       amount_source = @amountSource, tax_included = @taxIncluded
     WHERE account_id = @accountId AND id = @id`,
  );
  // A sale marked delivered again (another window, the CLI) keeps the time it was first
  // delivered; a new note is still taken.
  const setStatus = db.prepare(
    `UPDATE fulfillments SET status = @status,
       fulfilled_at = CASE WHEN status = @status THEN fulfilled_at ELSE @at END,
       note = coalesce(@note, note)
     WHERE account_id = @accountId AND id = @id`,
  );
  const flagReusedId = createReusedIdFlag(db, now);
  const requeueOnUndo = prepareUndoRequeue(db, now);
  // "To deliver": new sales that need a person, i.e. every new sale but those a rule is still
  // delivering with none of its jobs stopped (a sale with a job needing attention counts, even
  // while another of its rules still retries: review R12). A fulfilled sale never counts. New
  // sales (schema 14's counts) less those left out, so the cost follows the pending jobs (their
  // index, then one probe of the sale's row and of its few jobs each), not a probe of the outbox
  // for each of (up to) 1,000,000 new sales.
  const countNewStmt = db.prepare(
    `SELECT (SELECT coalesce(sum(count), 0) FROM fulfillment_counts
             WHERE account_id = @accountId AND status = 'new')
       - (SELECT count(DISTINCT j.sale_id) FROM delivery_jobs j
          JOIN fulfillments f ON f.id = j.sale_id
          WHERE j.account_id = @accountId AND j.status = 'pending' AND f.status = 'new'
            AND NOT EXISTS (SELECT 1 FROM delivery_jobs s
                            WHERE s.sale_id = j.sale_id AND s.status = 'needs_attention')) AS n`,
  );

  const bind = (accountId: number, f: Mergeable, eventId: number | null | undefined) => ({
    accountId,
    sessionId: f.sessionId,
    permalink: f.permalink,
    customerEmail: f.customerEmail,
    customerName: f.customerName,
    products: JSON.stringify(f.products),
    description: f.description,
    amount: f.amount,
    currency: f.currency.toUpperCase(),
    taxName: f.taxName,
    taxRate: f.taxRate,
    transactionId: f.transactionId,
    gateway: f.gateway,
    source: f.source,
    signatureWarning: f.signatureWarning ? 1 : 0,
    eventId: eventId ?? null,
    receivedAt: f.receivedAt,
    amountSource: f.amountSource,
    taxIncluded: f.taxIncluded === null ? null : f.taxIncluded ? 1 : 0,
  });

  const get = (accountId: number, id: number): Fulfillment | undefined => {
    const raw = selectOne.get(accountId, id);
    return raw === undefined ? undefined : toFulfillment(raw);
  };
  const bySession = (accountId: number, sessionId: number): Fulfillment | undefined => {
    const raw = selectBySession.get(accountId, sessionId);
    return raw === undefined ? undefined : toFulfillment(raw);
  };

  const recordOnce = (accountId: number, reported: NewFulfillment): RecordResult => {
    const f = withBasis(reported);
    const old = bySession(accountId, f.sessionId);
    if (!old) {
      const id = Number(insert.run(bind(accountId, f, f.eventId)).lastInsertRowid);
      const jobs = hooks.onCreated?.(accountId, id, reported) ?? [];
      return jobs.length > 0 ? { id, created: true, jobs } : { id, created: true };
    }
    if (isReusedId(old.permalink, f.permalink)) {
      flagReusedId(accountId, f.sessionId, f.permalink);
      return { id: old.id, created: false, idReused: true as const };
    }
    const merged = merge(old, f);
    update.run({ ...bind(accountId, merged, f.eventId), id: old.id });
    if (merged.amount !== old.amount || merged.transactionId !== old.transactionId) {
      hooks.onAmountOrTransactionChanged?.(accountId, old.id, {
        sessionId: old.sessionId,
        transactionId: merged.transactionId,
        currency: merged.currency.toUpperCase(),
      });
    }
    const had = new Set(old.products.map((p) => p.code));
    const added = merged.products.map((p) => p.code).filter((c) => !had.has(c));
    const jobs =
      added.length > 0 && old.status === 'new'
        ? (hooks.onProductsAdded?.(accountId, old.id, added) ?? [])
        : [];
    return jobs.length > 0 ? { id: old.id, created: false, jobs } : { id: old.id, created: false };
  };
  const recordTx = db.transaction(recordOnce);

  const mustGet = (accountId: number, id: number): Fulfillment => {
    const f = get(accountId, id);
    if (!f) throw notFound('sale', id);
    return f;
  };
  const undoTx = db.transaction((accountId: number, id: number) => {
    const sale = mustGet(accountId, id);
    if (sale.status !== 'fulfilled') return { sale, requeued: [], undone: false };
    setStatus.run({ status: 'new', at: null, note: null, accountId, id });
    const requeued = requeueOnUndo(id, Date.now());
    return { sale: mustGet(accountId, id), requeued, undone: true };
  });

  return {
    record: (accountId, f) => recordTx.immediate(accountId, f),
    recordWithin(accountId, f) {
      if (!db.inTransaction) {
        throw new Error(
          'fulfillments.recordWithin needs a transaction that rolls back on a throw.',
        );
      }
      return recordOnce(accountId, f);
    },
    get,
    bySession,
    list: (accountId, q) => queries.page(accountId, q),
    iterate: (accountId, f) => queries.iterate(accountId, f),
    iterateBare: (accountId, f) => queries.iterateBare(accountId, f),
    markFulfilled(accountId, id, note) {
      mustGet(accountId, id);
      setStatus.run({ status: 'fulfilled', at: now(), note: note ?? null, accountId, id });
      return mustGet(accountId, id);
    },
    undo: (accountId, id) => undoTx.immediate(accountId, id),
    countNew(accountId) {
      return countRow.parse(countNewStmt.get({ accountId })).n;
    },
  };
}
