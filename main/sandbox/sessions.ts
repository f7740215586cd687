import { z } from 'zod';
import { isObserved, permalinkOf, isoNow, type SandboxContext } from './context';
import { zodFieldErrors, addFieldError, type FieldErrors } from './field-errors';
import { json, notFound, validationFailed, type Reply } from './http';
import { paginate } from './pagination';
import { OBSERVED_LIST_CAP } from './profile';
import { randomHex } from './random';
import { EMPTY_CUSTOMER, mergeCustomer, resolveItems, UNKNOWN_PRODUCT } from './session-build';
import { sessionCreateInput, sessionUpdateInput } from './session-input';
import type { SessionRecord } from './state';

export function renderSession(ctx: SandboxContext, s: SessionRecord): Record<string, unknown> {
  const common = {
    id: s.id,
    status: s.status,
    permalink: permalinkOf(ctx, s.token),
    success_url: s.success_url,
    cancel_url: s.cancel_url,
    billing_details_collection: s.billing_details_collection,
    coupon_collection: s.coupon_collection,
    customer: { ...s.customer },
    items: s.items.map((i) => ({ ...i })),
    locale: s.locale,
    payment_methods: [...s.payment_methods],
    custom: s.custom,
    metadata: s.metadata,
  };
  // No recording shows created_at/updated_at on a session; `coupon` stands for fields we do
  // not know of yet (docs/quaderno-api.md, "Where the real service differs").
  if (isObserved(ctx)) return { ...common, coupon: null };
  return { ...common, created_at: s.created_at, updated_at: s.updated_at };
}

export function findSession(ctx: SandboxContext, rawId: string | undefined): SessionRecord | null {
  if (!rawId || !/^\d+$/.test(rawId)) return null;
  const id = Number(rawId);
  return ctx.state.sessions.find((s) => s.id === id) ?? null;
}

function failed(errors: FieldErrors): Reply | null {
  return Object.keys(errors).length > 0 ? validationFailed(errors) : null;
}

/** Unknown product codes are reported alongside shape errors, so one 422 lists every problem. */
function withProductErrors(ctx: SandboxContext, body: unknown, errors: FieldErrors): FieldErrors {
  const raw = z.object({ items: z.array(z.unknown()) }).safeParse(body);
  if (!raw.success) return errors;
  raw.data.items.forEach((item, index) => {
    const code = z.object({ product: z.string().min(1) }).safeParse(item);
    if (code.success && !ctx.state.items.some((p) => p.code === code.data.product)) {
      addFieldError(errors, `items[${index}].product`, UNKNOWN_PRODUCT);
    }
  });
  return errors;
}

export function createSession(ctx: SandboxContext, body: unknown): Reply {
  const parsed = sessionCreateInput.safeParse(body);
  if (!parsed.success) {
    return validationFailed(withProductErrors(ctx, body, zodFieldErrors(parsed.error)));
  }
  const input = parsed.data;
  const errors: FieldErrors = {};
  const items = resolveItems(ctx.state.items, input.items, errors, ctx.requestAmountUnits);
  const refused = failed(errors);
  if (refused) return refused;
  const now = isoNow(ctx);
  const session: SessionRecord = {
    id: ctx.state.nextId.session++,
    token: randomHex(40),
    status: 'pending',
    success_url: input.success_url,
    cancel_url: input.cancel_url,
    billing_details_collection: input.billing_details_collection ?? 'auto',
    coupon_collection: input.coupon_collection ?? false,
    payment_methods: input.payment_methods ?? ['card'],
    locale: input.locale ?? 'auto',
    customer: mergeCustomer(EMPTY_CUSTOMER, input.customer),
    items,
    custom: input.custom ?? {},
    metadata: input.metadata ?? {},
    created_at: now,
    updated_at: now,
    contact_id: null,
    processor_customer: null,
    processor_transaction: null,
  };
  ctx.state.sessions.push(session);
  ctx.persist.changed();
  return json(201, renderSession(ctx, session));
}

export function getSession(ctx: SandboxContext, rawId: string | undefined): Reply {
  const session = findSession(ctx, rawId);
  return session ? json(200, renderSession(ctx, session)) : notFound();
}

function notPending(session: SessionRecord, verb: string): Reply {
  const errors: FieldErrors = {};
  addFieldError(errors, 'status', `is ${session.status}: only pending sessions can be ${verb}`);
  return validationFailed(errors);
}

export function updateSession(
  ctx: SandboxContext,
  rawId: string | undefined,
  body: unknown,
): Reply {
  const session = findSession(ctx, rawId);
  if (!session) return notFound();
  if (session.status !== 'pending') return notPending(session, 'updated');
  const parsed = sessionUpdateInput.safeParse(body);
  if (!parsed.success) {
    return validationFailed(withProductErrors(ctx, body, zodFieldErrors(parsed.error)));
  }
  const input = parsed.data;
  const errors: FieldErrors = {};
  const items = input.items
    ? resolveItems(ctx.state.items, input.items, errors, ctx.requestAmountUnits)
    : session.items;
  const refused = failed(errors);
  if (refused) return refused;
  session.items = items;
  if (input.success_url) session.success_url = input.success_url;
  if (input.cancel_url) session.cancel_url = input.cancel_url;
  if (input.billing_details_collection)
    session.billing_details_collection = input.billing_details_collection;
  if (typeof input.coupon_collection === 'boolean')
    session.coupon_collection = input.coupon_collection;
  if (input.payment_methods) session.payment_methods = input.payment_methods;
  if (input.locale) session.locale = input.locale;
  if (input.metadata) session.metadata = input.metadata;
  if (input.custom) session.custom = input.custom;
  session.customer = mergeCustomer(session.customer, input.customer);
  session.updated_at = isoNow(ctx);
  ctx.persist.changed();
  return json(200, renderSession(ctx, session));
}

export function deleteSession(ctx: SandboxContext, rawId: string | undefined): Reply {
  const session = findSession(ctx, rawId);
  if (!session) return notFound();
  if (session.status !== 'pending') return notPending(session, 'deleted');
  ctx.state.sessions.splice(ctx.state.sessions.indexOf(session), 1);
  ctx.persist.changed();
  return { status: 204 };
}

/** `status` filters case-sensitively: `Completed` matches nothing, as on Quaderno. */
export function listSessions(ctx: SandboxContext, url: URL): Reply {
  const status = url.searchParams.get('status');
  const pool =
    status === null ? ctx.state.sessions : ctx.state.sessions.filter((s) => s.status === status);
  if (isObserved(ctx)) {
    // all_checkout_sessions.yml came back oldest first, without X-Pages-* headers, and
    // nothing shows `limit` or `created_before` honoured (docs/quaderno-api.md). The newest
    // OBSERVED_LIST_CAP are sent so a large demo still shows its recent sessions.
    const newest = [...pool].sort((a, b) => b.id - a.id).slice(0, OBSERVED_LIST_CAP);
    return json(
      200,
      newest.reverse().map((s) => renderSession(ctx, s)),
    );
  }
  return paginate(url, pool, (s) => renderSession(ctx, s));
}
