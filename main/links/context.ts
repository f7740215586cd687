// What every links operation needs: the active account's client, its sessions and catalogue.
import { z } from 'zod';
import type { Link, LinkResult, SessionStatus } from '../../preload/contract-links';
import type { AccountsService } from '../accounts';
import type { ConnectivityState } from '../connectivity';
import { ConsoleError } from '../errors';
import type { ProductsService } from '../products';
import {
  currencyDigits,
  normalizeSession,
  type NormalizedSession,
  withCallOptions,
  type CallOptions,
  type QuadernoClient,
  type QuadernoSession,
  type RetryScope,
} from '../quaderno';
import type { SettingsService } from '../settings';
import { reusedSessionMessage, type SessionsRepo, type Store } from '../store';
import type { RequestAmountUnits } from './amounts';
import type { Catalogue } from './catalogue';
import { emailText } from './email-text';
import type { ImageClipboard } from './qr';

export interface LinksDeps {
  store: Store;
  accounts: AccountsService;
  products: ProductsService;
  settings: SettingsService;
  /** Tells the renderer which links changed (the `links.changed` event). */
  emit(ids: number[]): void;
  /** A draft became a link (the `links.draftCreated` event). */
  onDraftCreated?(draftId: number, result: LinkResult): void;
  /** Whether Quaderno answered lately: while it does not, a new link goes straight to a draft. */
  connectivity?: { state(): ConnectivityState };
  /** Subscribes to connectivity changes: drafts are created as soon as Quaderno is back. */
  onConnectivity?(listener: (state: ConnectivityState) => void): () => void;
  /** First wait before drafts are tried again while Quaderno is unreachable (default 5 s). */
  draftRetryMs?: number;
  /** The OS clipboard for Copy as image (the app's); absent, links.copyQr says it needs the app. */
  clipboard?: ImageClipboard | undefined;
}

export interface LinksContext {
  store: Store;
  accountId: number;
  client: QuadernoClient;
  sessions: SessionsRepo;
  catalogue: Catalogue;
  normalize(s: QuadernoSession): NormalizedSession;
  result(link: Link, reused: boolean): LinkResult;
  /** How this account reads a request item's `amount`, as the last checked write showed. */
  amountUnits: { get(): RequestAmountUnits; learn(units: RequestAmountUnits): void };
  /** A line in the merchant's Activity log for this account. */
  log(kind: string, message: string, detail?: Record<string, unknown>): void;
  /** A product whose currency the catalogue did not state takes the one Quaderno just used. */
  learnCurrency(code: string, currency: string): void;
}

const unitsSchema = z.enum(['minor', 'major']);

export const OPEN_STATUSES: readonly SessionStatus[] = ['pending', 'abandoned'];

/** What bounds every Quaderno call of one links operation. */
export interface ContextBound {
  /**
   * Ends the calls under way when it is aborted, waits between retries included; a call begun
   * after runs as usual (the stop is for what began before it).
   */
  signal?: AbortSignal | undefined;
  /** Which failures the calls try again (a merchant waiting on a new link: 'answers'). */
  retry?: RetryScope | undefined;
}

/** The options a call of an operation bounded by `bound` is made with. */
function boundCall({ signal, retry }: ContextBound, call?: CallOptions): CallOptions {
  return {
    ...(retry ? { retry } : {}),
    ...(signal && !signal.aborted ? { signal } : {}),
    ...call,
  };
}

export function createContextFactory(deps: LinksDeps) {
  const { sessions, activity } = deps.store;
  return {
    sessions,
    /** `bound`, if given, applies to every Quaderno call of this context. */
    async context(bound: ContextBound = {}): Promise<LinksContext> {
      const active = await deps.accounts.activeClient();
      const { account } = active;
      const client =
        bound.signal || bound.retry
          ? withCallOptions(active.client, (call) => boundCall(bound, call))
          : active.client;
      const unitsKey = `links.requestAmountUnits.${account.id}`;
      const catalogue: Catalogue = {
        get: (code) => deps.store.products.get(account.id, code),
        refresh: async () => {
          await deps.products.sync(boundCall(bound));
        },
      };
      return {
        store: deps.store,
        accountId: account.id,
        client,
        sessions,
        catalogue,
        normalize: (s) => normalizeSession(s, (code) => catalogue.get(code)),
        result: (link, reused) => ({
          link,
          reused,
          emailText: emailText(deps.settings.get().emailTemplate, link),
        }),
        amountUnits: {
          get: () => deps.store.settings.get(unitsKey, unitsSchema, 'minor'),
          learn(units) {
            deps.store.settings.set(unitsKey, units);
            activity.add(
              account.id,
              'price_units',
              units === 'major'
                ? 'Quaderno read a price override as a decimal unit price (5.00 for €5.00); Checkout Console now sends overrides that way for this account.'
                : 'Quaderno read a price override in cents (500 for €5.00); Checkout Console now sends overrides that way for this account.',
              { units },
            );
          },
        },
        log: (kind, message, detail) => activity.add(account.id, kind, message, detail),
        learnCurrency(code, currency) {
          const product = catalogue.get(code);
          if (!product || product.currency !== null || !/^[A-Z]{3}$/i.test(currency)) return;
          // Its price was read in hundredths while the currency was unknown (main/products).
          const unitAmount = Math.round(product.unitAmount * 10 ** (currencyDigits(currency) - 2));
          deps.store.products.learnCurrency(account.id, code, currency, unitAmount);
        },
      };
    },
  };
}

/**
 * Stores what Quaderno said (and a reuse, and `also` — e.g. clearing a doubt — in the same
 * commit) and returns the local row.
 */
export function record(
  ctx: LinksContext,
  s: NormalizedSession,
  reused = false,
  also?: () => void,
): Link {
  const { idReused } = ctx.store.transaction(() => {
    const result = ctx.sessions.upsert(ctx.accountId, s, { origin: 'console' });
    if (result.idReused) return result;
    // Quaderno's items list may not say a product's currency; its sessions do
    // (docs/quaderno-api.md › Where the real service differs).
    for (const item of s.items) ctx.learnCurrency(item.product, item.currency || s.currency);
    if (reused) ctx.sessions.markReused(ctx.accountId, s.id);
    also?.();
    return result;
  });
  // Thrown after the commit, so the activity entry the store wrote about it stays.
  if (idReused) throw new ConsoleError('conflict', reusedSessionMessage(s.id));
  const link = ctx.sessions.get(ctx.accountId, s.id);
  if (!link) throw new ConsoleError('internal', 'The link was not saved. Try again.');
  return link;
}

const STATUS_WORDS: Record<SessionStatus, string> = {
  pending: 'still waiting for payment',
  processing: 'being paid right now',
  completed: 'already paid',
  failed: 'closed after a failed payment',
  abandoned: 'abandoned by the customer',
  deleted: 'cancelled',
};

/**
 * A link the active account does not have. `inQuaderno`: the caller asked Quaderno too (a read,
 * an edit or a cancel), which says so; only a caller that looked on this computer alone (Copy as
 * image) can say how the link left it: the list it was shown in holds this computer's links. The
 * words show in the Links screen, whose list reads again when main announces the link (an edit,
 * a cancel and a Copy as image emit its id, refused or not), so they point at no list; the CLI
 * says "No link N" instead.
 */
export function linkNotFound(id: number, inQuaderno: boolean): ConsoleError {
  const base =
    `Link ${id} is not in the active account's links` +
    `${inQuaderno ? ', on this computer or in Quaderno' : ''}. If it was made under another ` +
    'account, switch to that account to use it';
  return new ConsoleError(
    'not_found',
    inQuaderno
      ? `${base}.`
      : `${base}; otherwise it was removed, with its account or by restoring an older backup.`,
  );
}

export function notPending(id: number, status: SessionStatus, action: 'changed' | 'cancelled') {
  return new ConsoleError(
    'conflict',
    `Link ${id} is ${STATUS_WORDS[status]} (${status}), so it can no longer be ${action}. ` +
      'Only pending links can be; create a new link instead.',
  );
}
