// Contract: the fulfilment desk — activity log, event detail and reprocessing, sales
// totals and chart, one day's summary, one sale by id, CSV export, and the desktop's "focus this
// sale" and "show this day".
import { z } from 'zod';
import { byId, empty, event, method } from './contract-base';
import { fulfillmentListInput, type Fulfillment } from './contract-live';
import { isTimeZone } from './time-zone';

export { isTimeZone, localTimeZone } from './time-zone';

/** What the receiver decided about a delivery (schema 2, webhook_events.verification). */
export type EventVerification = 'valid' | 'invalid' | 'confirmed';

export interface ActivityEvent {
  id: number;
  receivedAt: string;
  /** e.g. 'checkout.succeeded'; null when the body could not be read. */
  eventType: string | null;
  sessionId: number | null;
  verification: EventVerification;
  /** Why the event was quarantined or only confirmed through the API. */
  reason: string | null;
  processedAt: string | null;
  processError: string | null;
  fulfillmentId: number | null;
  /** True for a verified event whose processing failed or never ran: "process again" applies. */
  canReprocess: boolean;
}

export interface ActivitySync {
  id: number;
  startedAt: string;
  finishedAt: string | null;
  sessionsSeen: number;
  sessionsUpdated: number;
  fulfillmentsAdded: number;
  webhookRecreated: boolean;
  apiCalls: number;
  error: string | null;
}

interface ActivityBase {
  /** Unique across kinds ('event:12', 'sync:3', 'log:40'): use it as the React key. */
  key: string;
  at: string;
  /** One line for the merchant. */
  message: string;
}

/** One line of the activity log: a received event, a sync run, or a logged happening. */
export type ActivityItem =
  | (ActivityBase & { kind: 'event'; event: ActivityEvent })
  | (ActivityBase & { kind: 'sync'; sync: ActivitySync })
  | (ActivityBase & { kind: 'log'; logKind: string; detail: Record<string, unknown> });

export type ActivityKind = ActivityItem['kind'];
export const activityKinds = ['event', 'sync', 'log'] as const;

export interface EventDetail extends ActivityEvent {
  /** The raw body exactly as received (usually JSON text). */
  body: string;
  headers: Record<string, string>;
}

export interface CurrencyTotal {
  currency: string;
  /** Integer minor units of `currency`: net revenue, what was refunded of the sales taken off. */
  amount: number;
  count: number;
  /** Integer minor units refunded of these sales; absent when nothing was. */
  refunded?: number;
}

export interface SalesTotals {
  /** Local midnight used for "today", as an ISO instant. */
  todayFrom: string;
  today: CurrencyTotal[];
  days7: CurrencyTotal[];
  days30: CurrencyTotal[];
}

export interface SalesChart {
  /** Currencies that appear in the period, most sales first. */
  currencies: string[];
  /** Exactly 30 local days, oldest first; days without sales carry empty amounts. */
  days: Array<{
    /** Local calendar date, YYYY-MM-DD. */
    date: string;
    /** Integer minor units per currency, net of refunds. */
    amounts: Record<string, number>;
    count: number;
  }>;
}

/** The product that brought in most in one currency on a day. */
export interface TopProduct {
  currency: string;
  code: string;
  /** As the latest sale of the day named it; null when no report named it. */
  name: string | null;
  /**
   * Integer minor units: quantity × unit price where known, else the sale's amount (shared
   * equally between the sale's products whose price nobody reported).
   */
  amount: number;
  /** Units sold (a product without a quantity counts 1). */
  quantity: number;
}

/** One local day's sales: what the daily summary notification and `checkout-console summary` say. */
export interface DaySummary {
  /** The local calendar day, YYYY-MM-DD. */
  day: string;
  /** The day's bounds as ISO instants: from included, to excluded. */
  from: string;
  to: string;
  /** Sales received that day. */
  count: number;
  /** Per currency, most sales first (amounts in different currencies are never added). */
  totals: CurrencyTotal[];
  /**
   * By revenue, one per currency (revenue cannot be compared across currencies), in the order
   * of `totals`. A count would crown a 1 € sticker sold 30 times over a 500 € course sold twice.
   */
  topProducts: TopProduct[];
  /** Sales still to deliver now, from any day (as fulfillments.undelivered counts them). */
  undelivered: number;
}

export interface ExportResult {
  /** Where the file went (the first, for a split export); null when the merchant cancelled. */
  path: string | null;
  /** Rows in all files together. */
  rows: number;
  /**
   * Present when the export was split (QuickBooks and Xero take at most 1,000 rows a file):
   * each file in order, with its rows. Saving stops at the first one cancelled (path null).
   */
  files?: Array<{ path: string | null; rows: number }>;
}

/**
 * csv: every column; csv-excel: the same with a UTF-8 byte order mark, which Excel needs to
 * read UTF-8; xero, qbo3, qbo4: a bank statement for Xero or QuickBooks Online (sales only,
 * one currency, files of at most 1,000 rows).
 */
export const exportFormats = ['csv', 'csv-excel', 'xero', 'qbo3', 'qbo4'] as const;
export type ExportFormat = (typeof exportFormats)[number];

/**
 * Minutes east of UTC for "today" and the chart's days. The renderer passes
 * `-new Date().getTimezoneOffset()`; main falls back to its own local offset.
 */
const utcOffsetMinutes = z.number().int().min(-840).max(840).optional();

/** An IANA time zone ("Europe/Madrid") the runtime knows. */
const timeZone = z
  .string()
  .max(100)
  .refine(isTimeZone, { error: 'Give an IANA time zone such as Europe/Madrid.' });

export const daySummaryInput = z
  .object({
    /** The local calendar day; left out: yesterday. */
    day: z.iso.date({ error: 'Give the day as YYYY-MM-DD.' }).optional(),
    utcOffsetMinutes,
    /**
     * The merchant's zone: the day then runs from its own midnight to the next, also on a
     * daylight-saving day (23 or 25 hours), and utcOffsetMinutes only says when yesterday was.
     */
    timeZone: timeZone.optional(),
  })
  .strict();

/** A local calendar range, YYYY-MM-DD, both days included (the desk's date filters). */
export interface DayRange {
  from: string;
  to: string;
}

export const activityListInput = z
  .object({
    kind: z.enum(activityKinds).optional(),
    limit: z.number().int().min(1).max(500).default(100),
    offset: z.number().int().min(0).default(0),
  })
  .strict();

export const exportCsvInput = z
  .object({
    what: z.enum(['fulfillments', 'links'], { error: 'Choose fulfillments or links.' }),
    /** Left out: csv (what the export button has always written). */
    format: z
      .enum(exportFormats, { error: `Choose a format: ${exportFormats.join(', ')}.` })
      .optional(),
    /**
     * Fulfilments only: export what the screen shows (same meaning as fulfillments.list), but
     * from/to select by the paid time where a webhook gave it (the received time otherwise).
     */
    filter: fulfillmentListInput
      .pick({
        status: true,
        search: true,
        currency: true,
        from: true,
        to: true,
      })
      .optional(),
    /**
     * The merchant's IANA time zone ("Europe/Madrid"), in which a bank statement dates its lines
     * (the zone of the app's date filter or the CLI's --from/--to). Left out: UTC days.
     */
    timeZone: timeZone.optional(),
  })
  .strict();

export const deskMethods = {
  /** Newest first: received events (quarantined ones too), sync runs, logged happenings. */
  'activity.list': method<{ items: ActivityItem[]; total: number }>()(activityListInput),
  /** The raw event behind an activity line or a sale. */
  'events.get': method<EventDetail>()(byId),
  /** Runs processing again for a verified event that failed; returns it as it is now. */
  'events.reprocess': method<ActivityEvent>()(byId),
  /** One sale, e.g. the one a notification asked to focus (it may not be on the current page). */
  'fulfillments.get': method<Fulfillment>()(byId),
  'fulfillments.totals': method<SalesTotals>()(
    z.object({ utcOffsetMinutes, timeZone: timeZone.optional() }).strict(),
  ),
  'fulfillments.chart': method<SalesChart>()(
    z.object({ utcOffsetMinutes, timeZone: timeZone.optional() }).strict(),
  ),
  /** One local day's sales, top product per currency and what is left to deliver. */
  'fulfillments.summary': method<DaySummary>()(daySummaryInput),
  /** Saves a CSV through the app's save dialog (the CLI writes to a file or stdout). */
  'export.csv': method<ExportResult>()(exportCsvInput),
  /**
   * The sale a notification asked to open while no page was listening (a window re-created
   * for the click): the screen calls this once on mount. Cleared on read.
   */
  'desk.takeFocus': method<{ id: number | null }>()(empty),
} as const;

export const deskEvents = {
  /** The merchant clicked a sale's notification: show and highlight this sale. */
  'desk.focusFulfillment': event<{ id: number }>(),
  /** The merchant clicked the daily summary: show the sales of these local days. */
  'desk.showDay': event<DayRange>(),
  /** Something new in the activity log (an event reprocessed, …): re-read it. */
  'activity.changed': event<Record<string, never>>(),
} as const;
