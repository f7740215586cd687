// Contract: live fulfilments — webhook receiver, tunnel, webhook registration, sync.
import { z } from 'zod';
import { empty, event, method } from './contract-base';
import { countAhead, type ListPage } from './list-page';
import type { SignatureSchemeState } from './signature-schemes';

export type FulfillmentSource = 'webhook' | 'sync' | 'api_confirmed';

/**
 * Where a sale's amount came from: the checkout event's amount_cents (tax included) or the
 * session's items (sync, API confirmation), which may be before tax.
 */
export type AmountSource = 'webhook' | 'session_items';

/** One product of a sale. */
export interface SaleProduct {
  code: string;
  name: string | null;
  /**
   * How many were bought; null when nobody said (a checkout event names the product's code
   * only, docs/quaderno-api.md). Absent in sales written before schema 9 or by older code.
   */
  quantity?: number | null;
  /** Price per unit in integer minor units of the sale's currency, when known. */
  unitAmount?: number | null;
}

/** A session's items (a link, a synced or confirmed session) as a sale's products. */
export function saleProducts(
  items: ReadonlyArray<{ product: string; name: string; quantity?: number; unitAmount?: number }>,
): SaleProduct[] {
  return items.map((i) => ({
    code: i.product,
    name: i.name,
    quantity: i.quantity ?? null,
    unitAmount: i.unitAmount ?? null,
  }));
}

export { productLine } from './product-line';

export interface Fulfillment {
  id: number;
  sessionId: number;
  permalink: string | null;
  customerEmail: string | null;
  customerName: string | null;
  /** Product codes and names as Quaderno reported them, with quantities when known. */
  products: SaleProduct[];
  description: string | null;
  /** Integer minor units of `currency`. */
  amount: number;
  currency: string;
  amountSource: AmountSource;
  /** True when `amount` includes tax, false when it does not, null when nobody said. */
  taxIncluded: boolean | null;
  taxName: string | null;
  taxRate: number | null;
  transactionId: string | null;
  gateway: string | null;
  source: FulfillmentSource;
  /** True when the event failed the signature check and was confirmed through the API. */
  signatureWarning: boolean;
  status: 'new' | 'fulfilled';
  receivedAt: string;
  fulfilledAt: string | null;
  note: string | null;
  /** The webhook event that reported the sale (null when only sync saw it). */
  eventId: number | null;
  /**
   * Integer minor units of `currency` refunded of it (credit notes, processor refunds), never
   * more than `amount`; absent when nothing was.
   */
  refundedAmount?: number;
  /**
   * fulfillments.list only: how its automatic deliveries stand while one is left to do. Absent
   * when it has none left (no rule's job, or all done), when the sale is marked fulfilled (what
   * is left is held until Undo), and from the other methods.
   */
  delivery?: SaleDelivery;
}

/** 'needs_attention' when any of the sale's jobs stopped; else 'delivering' (a rule still tries). */
export type SaleDelivery = 'delivering' | 'needs_attention';

export type TunnelState = 'off' | 'connecting' | 'online' | 'reconnecting' | 'manual' | 'error';

export { signatureSchemeLabels, type SignatureSchemeState } from './signature-schemes';

export interface LiveStatus {
  receiver: { state: 'stopped' | 'listening' | 'error'; port: number | null; error: string | null };
  tunnel: { state: TunnelState; publicUrl: string | null; error: string | null };
  webhook: {
    state: 'none' | 'registering' | 'registered' | 'error';
    id: number | null;
    url: string | null;
    error: string | null;
  };
  lastEventAt: string | null;
  lastSyncAt: string | null;
  /** Absent or null until a delivery was verified or confirmed through the API. */
  signatureScheme?: SignatureSchemeState | null;
}

export interface SyncResult {
  startedAt: string;
  finishedAt: string;
  sessionsSeen: number;
  sessionsUpdated: number;
  fulfillmentsAdded: number;
  webhookRecreated: boolean;
  apiCalls: number;
}

export const fulfillmentListInput = z
  .object({
    status: z.enum(['new', 'fulfilled']).optional(),
    search: z.string().trim().max(200).optional(),
    currency: z
      .string()
      .regex(/^[A-Za-z]{3}$/)
      .optional(),
    from: z.iso.datetime().optional(),
    to: z.iso.datetime().optional(),
    limit: z.number().int().min(1).max(500).default(100),
    offset: z.number().int().min(0).default(0),
    countAhead,
  })
  .strict();

export const liveMethods = {
  'fulfillments.list': method<ListPage<Fulfillment>>()(fulfillmentListInput),
  /**
   * How many sales a person must still deliver: to deliver, with no delivery rule still trying
   * (a delivery that needs attention counts). The navigation's and the dock's count.
   */
  'fulfillments.undelivered': method<{ count: number }>()(empty),
  'fulfillments.markFulfilled': method<Fulfillment>()(
    z.object({ id: z.number().int().positive(), note: z.string().max(2000).optional() }).strict(),
  ),
  'fulfillments.undo': method<Fulfillment>()(
    z.object({ id: z.number().int().positive() }).strict(),
  ),
  'live.status': method<LiveStatus>()(empty),
  /** Reconcile with the API now. */
  'sync.run': method<SyncResult>()(empty),
} as const;

export const liveEvents = {
  'fulfillments.changed': event<{ ids: number[] }>(),
  'receiver.status': event<LiveStatus>(),
  'sync.status': event<{ running: boolean; last: SyncResult | null; error: string | null }>(),
} as const;
