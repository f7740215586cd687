// Contract: checkout links (one-off checkout sessions for a named customer).
import { z } from 'zod';
import { byId, empty, event, httpUrl, method } from './contract-base';
import { countAhead, type ListPage } from './list-page';
import { countryProblem } from './countries';
import { sessionStatuses, type SessionStatus } from './session-statuses';

export { isSessionStatus, sessionStatuses, type SessionStatus } from './session-statuses';

export interface LinkCustomer {
  email: string;
  firstName: string | null;
  lastName: string | null;
  company: string | null;
  billingCountry: string | null;
}

export interface LinkItem {
  product: string;
  name: string;
  quantity: number;
  /** Price per unit in integer minor units of `currency`. */
  unitAmount: number;
  currency: string;
}

export interface Link {
  /** Quaderno's checkout session id. */
  id: number;
  permalink: string;
  status: SessionStatus;
  customer: LinkCustomer;
  items: LinkItem[];
  /** Sum of the items in integer minor units. */
  total: number;
  currency: string;
  createdAt: string;
  updatedAt: string;
  /** How many times a request was answered with this open link instead of a new one. */
  reuseCount: number;
}

export interface LinkResult {
  link: Link;
  reused: boolean;
  /** The customer-ready email text (template from Settings). */
  emailText: string;
}

const EMAIL_MESSAGE = 'Enter a valid email address, like jane@example.com.';

// Bounds a merchant never meets (an address has at most 254 characters by RFC 5321, a browser
// keeps URLs to about 2000), so a caller cannot hand main megabytes to validate, store and
// send to Quaderno. Each message says the bound.
export const LINK_LIMITS = {
  email: 254,
  name: 100,
  company: 200,
  product: 200,
  items: 100,
  url: 2048,
};

const boundedUrl = (what: string) =>
  z
    .string()
    .max(LINK_LIMITS.url, `The ${what} can be at most ${LINK_LIMITS.url} characters long.`)
    .pipe(httpUrl());

const customer = z
  .object({
    email: z
      .string({ error: EMAIL_MESSAGE })
      .trim()
      .max(
        LINK_LIMITS.email,
        `An email address can be at most ${LINK_LIMITS.email} characters long.`,
      )
      .pipe(z.email({ error: EMAIL_MESSAGE })),
    // Bounded already; zod's own "<=100" wording is what the CLI reads to name the flag
    // (main/commands/link-input-errors.ts).
    firstName: z.string().trim().max(LINK_LIMITS.name).optional(),
    lastName: z.string().trim().max(LINK_LIMITS.name).optional(),
    company: z.string().trim().max(LINK_LIMITS.company).optional(),
    billingCountry: z
      .string()
      .trim()
      // An ISO code ("SP" is refused, naming Spain's ES): Quaderno taxes by it.
      .superRefine((code, ctx) => {
        const problem = countryProblem(code);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      .optional(),
  })
  .strict();

const item = z
  .object({
    product: z
      .string()
      .trim()
      .min(1, 'Pick a product.')
      .max(
        LINK_LIMITS.product,
        `A product code can be at most ${LINK_LIMITS.product} characters long.`,
      ),
    quantity: z
      .number({ error: 'Quantity must be a whole number of 1 or more.' })
      .int('Quantity must be a whole number of 1 or more.')
      .min(1, 'Quantity must be a whole number of 1 or more.')
      .max(10_000)
      .default(1),
    /** Optional price override per unit, integer minor units. */
    unitAmount: z.number().int().positive('A price override must be more than zero.').optional(),
    currency: z
      .string()
      .regex(/^[A-Za-z]{3}$/, 'Use a three-letter currency code, like EUR.')
      .optional(),
  })
  .strict();

const items = z
  .array(item)
  .min(1, 'Add at least one product.')
  .max(LINK_LIMITS.items, `A link can hold at most ${LINK_LIMITS.items} products.`);

const PAYMENT_METHODS_ONCE = 'List each payment method once: card, paypal.';

const linkOptions = {
  successUrl: boundedUrl('success URL').optional(),
  cancelUrl: boundedUrl('cancel URL').optional(),
  locale: z.enum(['auto', 'ca', 'de', 'en', 'es', 'fi', 'fr', 'hu', 'nl', 'sv', 'no']).optional(),
  paymentMethods: z
    .array(z.enum(['card', 'paypal']))
    .min(1)
    .max(2, PAYMENT_METHODS_ONCE)
    .refine((methods) => new Set(methods).size === methods.length, PAYMENT_METHODS_ONCE)
    .optional(),
  billingDetailsCollection: z.enum(['auto', 'required']).optional(),
  couponCollection: z.boolean().optional(),
};

export const linkCreateInput = z
  .object({
    customer,
    items,
    ...linkOptions,
    /** Skip reuse: the merchant asked for a fresh link explicitly. */
    forceNew: z.boolean().default(false),
    /**
     * Names one fresh link across its tries (main sets it for forceNew; kept in the session's
     * metadata), so a retry after a lost answer finds that session instead of making a twin.
     */
    requestId: z.string().uuid().optional(),
  })
  .strict();

export const linkUpdateInput = z
  .object({
    id: z.number().int().positive(),
    customer: customer.optional(),
    items: items.optional(),
    ...linkOptions,
  })
  .strict();

export const linkListInput = z
  .object({
    status: z.enum(sessionStatuses).optional(),
    search: z.string().trim().max(200).optional(),
    limit: z.number().int().min(1).max(500).default(100),
    offset: z.number().int().min(0).default(0),
    countAhead,
  })
  .strict();

/** What links.create was asked, as it is kept in a draft and replayed. */
export type LinkCreateRequest = z.output<typeof linkCreateInput>;

export const draftStatuses = ['waiting', 'refused', 'created'] as const;
export type DraftStatus = (typeof draftStatuses)[number];

/**
 * A draft whose stored request the console no longer takes (saved before a limit, or edited by
 * hand), read loosely so its row still says whose it was; Quaderno never saw it.
 */
export interface UnreadableDraft {
  email: string | null;
  /** The first products stored, at most LINK_LIMITS.items; `moreItems` counts the rest. */
  items: Array<{ product: string; quantity: number }>;
  moreItems: number;
  /** Why the console cannot make it, and what to do: the console's words, not Quaderno's. */
  reason: string;
}

/**
 * A link asked for while Quaderno was unreachable: `waiting` until it can be created, `refused`
 * when Quaderno said no (`reason` says why; the merchant fixes or discards it), `created` once
 * its link exists (`link`), until the merchant dismisses the notice.
 */
export interface LinkDraft {
  id: number;
  status: DraftStatus;
  /** null for a stored request that no longer reads (a hand edit): it can only be discarded. */
  request: LinkCreateRequest | null;
  /** With a null `request`: what the stored draft still shows, and the console's reason. */
  unreadable?: UnreadableDraft;
  reason: string | null;
  link: Link | null;
  createdAt: string;
  updatedAt: string;
}

export { DRAFT_SAVED_MESSAGE, isDraftSaved } from './draft-saved';

export const linkMethods = {
  /** Creates a checkout session, or returns the customer's open one for the same purchase. */
  'links.create': method<LinkResult>()(linkCreateInput),
  'links.list': method<ListPage<Link>>()(linkListInput),
  'links.get': method<LinkResult>()(byId),
  /** Pending links only. */
  'links.update': method<LinkResult>()(linkUpdateInput),
  /** Pending links only (Quaderno deletes the session). */
  'links.cancel': method<Link>()(byId),
  /**
   * Puts the QR code of a link that can still be paid on the clipboard as a PNG. Main writes it:
   * navigator.clipboard.write with an image can take the whole window down on Linux.
   */
  'links.copyQr': method<{ copied: true }>()(byId),
  /** Links kept while Quaderno was unreachable, oldest first; asking also retries them. */
  'links.drafts': method<LinkDraft[]>()(empty),
  /** Forgets a draft (or dismisses a created one's notice); its link, if any, stays. */
  'links.discardDraft': method<{ discarded: true }>()(byId),
} as const;

export const linkEvents = {
  'links.changed': event<{ ids: number[] }>(),
  /** A draft became a real link: the renderer offers it ready to copy. */
  'links.draftCreated': event<{ draftId: number; result: LinkResult }>(),
} as const;
