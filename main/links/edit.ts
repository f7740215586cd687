// Editing and cancelling links: Quaderno allows both only while a session is pending
// (docs/quaderno-api.md › Checkout sessions), so its refusal becomes a message saying why.
import type { Link, LinkResult, SessionStatus } from '../../preload/contract-links';
import { ConsoleError, isConsoleError } from '../errors';
import { FINGERPRINT_KEY, type SessionCreateInput } from '../quaderno';
import { toQuadernoCents, type RequestAmountUnits } from './amounts';
import { resolveItems, type ItemInput, type ResolvedItem } from './catalogue';
import { updateChecked } from './checked-write';
import { linkNotFound, notPending, record, type LinksContext } from './context';
import { purchaseFingerprint, type FingerprintItem } from './fingerprint';
import { mapQuadernoRefusal } from './quaderno-fields';
import { customerBody, itemsBody, type CustomerInput, type LinkOptions } from './session-request';
import { linkLine } from '../sales';

export type UpdateInput = {
  id: number;
  customer?: CustomerInput;
  items?: ItemInput[];
} & LinkOptions;

const FINAL: readonly SessionStatus[] = ['completed', 'failed', 'abandoned', 'deleted'];

/** The local row, or Quaderno's when this machine has not seen the session. */
export async function loadLink(ctx: LinksContext, id: number): Promise<Link> {
  const local = ctx.sessions.get(ctx.accountId, id);
  if (local) return local;
  const remote = await ctx.client.getSession(id).catch((e: unknown) => {
    throw isConsoleError(e) && e.code === 'not_found' ? linkNotFound(id, true) : e;
  });
  ctx.sessions.upsert(ctx.accountId, ctx.normalize(remote), { origin: 'remote' });
  const link = ctx.sessions.get(ctx.accountId, id);
  if (!link) throw new ConsoleError('internal', 'The link was not saved. Try again.');
  return link;
}

/** After Quaderno refused: learn the real status, store it, and explain. */
async function refused(
  ctx: LinksContext,
  id: number,
  e: unknown,
  action: 'changed' | 'cancelled',
): Promise<never> {
  if (isConsoleError(e) && e.code === 'not_found') {
    ctx.sessions.setStatus(ctx.accountId, id, 'deleted');
    throw notPending(id, 'deleted', action);
  }
  // Quaderno refuses a session that is no longer pending with a 422; only the sandbox is known to
  // name `status` in it, so any 422 asks what the session is now before blaming a field.
  if (isConsoleError(e) && e.code === 'invalid_input') {
    // Unreadable or unanswered, the refusal itself is what the merchant is told.
    const fresh = await ctx.client
      .getSession(id)
      .then((s) => ctx.normalize(s))
      .catch(() => null);
    if (fresh && fresh.status !== 'pending') {
      record(ctx, fresh);
      throw notPending(id, fresh.status, action);
    }
  }
  throw mapQuadernoRefusal(e);
}

/**
 * The link's purchase as resolveItems would see it now: a catalogue price is no override, and a
 * product whose currency is not known yet keeps its price in hundredths (main/products).
 */
function currentItems(ctx: LinksContext, link: Link): FingerprintItem[] {
  return link.items.map((i) => {
    const product = ctx.catalogue.get(i.product);
    const same =
      product &&
      (product.currency === null
        ? product.unitAmount === toQuadernoCents(i.unitAmount, i.currency)
        : product.unitAmount === i.unitAmount && product.currency === i.currency);
    return same
      ? { product: i.product, quantity: i.quantity, currency: product.currency }
      : {
          product: i.product,
          quantity: i.quantity,
          unitAmount: i.unitAmount,
          currency: i.currency,
        };
  });
}

export async function updateLink(ctx: LinksContext, input: UpdateInput): Promise<LinkResult> {
  const link = await loadLink(ctx, input.id);
  if (FINAL.includes(link.status)) throw notPending(link.id, link.status, 'changed');
  let items: ResolvedItem[] | undefined;
  if (input.items) items = await resolveItems(input.items, ctx.catalogue);
  const email = input.customer?.email ?? link.customer.email;
  const units = ctx.amountUnits.get();
  const body: Partial<SessionCreateInput> = {
    metadata: { [FINGERPRINT_KEY]: purchaseFingerprint(email, items ?? currentItems(ctx, link)) },
  };
  if (input.customer) body.customer = customerBody(input.customer);
  if (items) body.items = itemsBody(items, units);
  if (input.successUrl) body.success_url = input.successUrl;
  if (input.cancelUrl) body.cancel_url = input.cancelUrl;
  if (input.locale) body.locale = input.locale;
  if (input.paymentMethods) body.payment_methods = input.paymentMethods;
  if (input.billingDetailsCollection)
    body.billing_details_collection = input.billingDetailsCollection;
  if (input.couponCollection !== undefined) body.coupon_collection = input.couponCollection;
  let updated;
  try {
    updated = await ctx.client.updateSession(link.id, body);
  } catch (e) {
    return refused(ctx, link.id, e, 'changed');
  }
  const session = ctx.normalize(updated);
  if (!items || !body.items) return changedLine(ctx, ctx.result(record(ctx, session), false));
  const before = currentItems(ctx, link);
  // Only the items go back: other changes in the same edit (a new customer) stayed, so the
  // fingerprint names the customer the session has now, or a create for the old customer would
  // find and reuse this link.
  const previous = {
    link,
    items: before,
    metadata: { [FINGERPRINT_KEY]: purchaseFingerprint(email, before) },
  };
  const resolved = items;
  const build = (u: RequestAmountUnits) => ({ ...body, items: itemsBody(resolved, u) });
  const checked = await updateChecked(ctx, previous, items, build, {
    session,
    body: { items: body.items },
    units,
  });
  return changedLine(ctx, ctx.result(checked, false));
}

function changedLine(ctx: LinksContext, result: LinkResult): LinkResult {
  ctx.log('link_changed', linkLine(result.link, 'changed'), { sessionId: result.link.id });
  return result;
}

export async function cancelLink(ctx: LinksContext, id: number): Promise<Link> {
  const link = await loadLink(ctx, id);
  if (FINAL.includes(link.status)) throw notPending(link.id, link.status, 'cancelled');
  try {
    await ctx.client.deleteSession(link.id);
  } catch (e) {
    // Gone already: a retried DELETE whose first answer was lost, or Quaderno removed it. Either
    // way nobody can pay it any more, which is what cancelling asked for.
    if (!(isConsoleError(e) && e.code === 'not_found'))
      return refused(ctx, link.id, e, 'cancelled');
  }
  ctx.sessions.setStatus(ctx.accountId, link.id, 'deleted');
  ctx.log('link_cancelled', linkLine(link, 'cancelled'), { sessionId: link.id });
  return ctx.sessions.get(ctx.accountId, link.id) ?? { ...link, status: 'deleted' };
}
